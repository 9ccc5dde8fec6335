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


MENSAJE_BLOQUEO = (
    "Hubo demasiados intentos fallidos de ingreso con este usuario desde su conexión. "
    "Espere unos minutos o pida una nueva contraseña."
)


def respuesta_de_bloqueo(request, original_response=None, credentials=None):
    """Respuesta de django-axes a un ingreso bloqueado: página en la web y JSON en la API.

    El aplicativo ingresa por la API headless de allauth y espera su formato de error
    (`status` y `errors`), no una página HTML.
    """
    from django.http import JsonResponse
    from django.shortcuts import render

    if request.path.startswith("/api/"):
        errores = [{"code": "ingreso_bloqueado", "message": MENSAJE_BLOQUEO}]
        return JsonResponse({"status": 429, "errors": errores}, status=429)
    return render(request, "cuentas/bloqueado.html", status=429)
