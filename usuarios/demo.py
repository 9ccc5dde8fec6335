"""Elenco de usuarios de demostración: uno por rol, en Miraflores (Lima) y Santiago de Surco."""

from usuarios.models import Rol

DISTRITO_DEMO = "150122"  # Miraflores, Lima
OTRO_DISTRITO_DEMO = "150140"  # Santiago de Surco, Lima

USUARIOS_DEMO = [
    ("admin", "Ana", "Administradora", Rol.ADMINISTRADOR, None),
    ("sub.miraflores", "Sofía", "Subadministradora", Rol.SUBADMINISTRADOR, DISTRITO_DEMO),
    ("operador.miraflores", "Óscar", "Operador", Rol.OPERADOR, DISTRITO_DEMO),
    ("invitado.miraflores", "Iván", "Invitado", Rol.INVITADO, DISTRITO_DEMO),
    ("invitado.nacional", "Irene", "Invitada", Rol.INVITADO, None),
    ("sub.surco", "Saúl", "Subadministrador", Rol.SUBADMINISTRADOR, OTRO_DISTRITO_DEMO),
]
