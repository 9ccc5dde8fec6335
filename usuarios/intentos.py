"""Identificación del usuario en los intentos de ingreso, para django-axes."""


def usuario_del_intento(request, credentials) -> str | None:
    """Devuelve lo que la persona escribió como usuario o correo, en minúsculas.

    allauth pasa las credenciales como `username` o `email` según lo escrito, y
    el formulario las envía en el campo `login`: se acepta cualquiera.
    """
    texto = ""
    if request is not None and hasattr(request, "POST"):
        texto = request.POST.get("login", "")
    if not texto and credentials:
        texto = credentials.get("login") or credentials.get("username") or credentials.get("email") or ""
    texto = texto.strip().lower()
    if "@" in texto:
        # El correo y el usuario de una misma cuenta suman intentos en un solo contador.
        from usuarios.models import Usuario

        username = Usuario.objects.filter(email__iexact=texto).values_list("username", flat=True).first()
        texto = username.lower() if username else texto
    return texto or None
