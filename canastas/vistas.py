from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from usuarios.models import Rol

PLANTILLAS_INICIO = {
    Rol.ADMINISTRADOR: "inicio/administrador.html",
    Rol.SUBADMINISTRADOR: "inicio/subadministrador.html",
    Rol.OPERADOR: "inicio/operador.html",
    Rol.INVITADO: "inicio/invitado.html",
}


@login_required
def inicio(request):
    """Página de inicio de cada rol, con lo que ese rol puede hacer a continuación."""
    from beneficiarios.selectores import resumen_inicio

    contexto = {"resumen": resumen_inicio(usuario=request.user)}
    return render(request, PLANTILLAS_INICIO[request.user.rol], contexto)


def prohibido(request, exception=None):
    # Los PermissionDenied de la plataforma llevan el motivo en castellano; se muestra tal cual.
    motivo = str(exception) if exception is not None else ""
    return render(request, "errores/403.html", {"motivo": motivo}, status=403)


def no_encontrado(request, exception=None):
    return render(request, "errores/404.html", status=404)


def error_servidor(request):
    return render(request, "errores/500.html", status=500)


def fallo_csrf(request, reason=""):
    return render(request, "errores/403_csrf.html", status=403)


def correo_no_editable(request, *args, **kwargs):
    """Reemplaza las páginas de allauth para agregar o cambiar el correo de la cuenta.

    El correo sirve para recuperar la clave: si el propio usuario pudiera cambiarlo sin volver a
    identificarse, quien tome una sesión abierta se quedaría con la cuenta. Lo cambia quien
    mantiene usuarios, en /usuarios/, con auditoría.
    """
    raise Http404("El correo de la cuenta lo cambia el administrador o el subadministrador en Usuarios.")
