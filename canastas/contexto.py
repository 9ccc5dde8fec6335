"""Menú de navegación: cada rol ve solo lo que puede abrir."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from usuarios.models import Rol

# (nombre de URL, texto, roles que la ven, requiere distrito propio)
MENU = [
    ("inicio", _("Inicio"), set(Rol), False),
    ("beneficiarios:lista", _("Padrón"), {Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR, Rol.INVITADO}, True),
    ("beneficiarios:importaciones", _("Cargar padrón"), {Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR}, False),
    ("beneficiarios:programados", _("Programados"), {Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR}, False),
    ("entregas:nueva", _("Registrar entrega"), {Rol.SUBADMINISTRADOR, Rol.OPERADOR}, False),
    ("entregas:lista", _("Entregas"), {Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR, Rol.OPERADOR}, False),
    ("entregas:mapa", _("Mapa"), {Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR, Rol.OPERADOR}, False),
    ("entregas:consulta", _("Entregas"), {Rol.INVITADO}, True),
    ("entregas:cargas", _("Cargar entregas"), {Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR}, False),
    ("entregas:tipos", _("Tipos de registro"), {Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR}, False),
    ("reportes:nacional", _("Reportes"), {Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR, Rol.INVITADO}, False),
    ("reportes:consolidado", _("Vista consolidada"), {Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR, Rol.INVITADO}, True),
    ("reportes:archivos", _("Archivos para entes de control"), {Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR}, False),
    ("usuarios:lista", _("Usuarios"), {Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR}, False),
    ("auditoria:lista", _("Auditoría"), {Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR}, False),
    ("admin:index", _("Administración"), {Rol.ADMINISTRADOR}, False),
    ("manual:inicio", _("Manual"), set(Rol), False),
]


def opciones_de_menu(usuario) -> list[dict]:
    if not usuario.is_authenticated:
        return []

    opciones = []
    for nombre_url, texto, roles, requiere_distrito in MENU:
        if usuario.rol not in roles:
            continue
        if requiere_distrito and usuario.rol != Rol.ADMINISTRADOR and not usuario.distrito_id:
            continue
        opciones.append({"url": reverse(nombre_url), "texto": texto, "nombre": nombre_url})
    return opciones


def navegacion(request):
    return {"menu": opciones_de_menu(request.user)}
