"""Permisos por rol declarados en cada vista.

Sin sesión la vista redirige al ingreso; con sesión pero sin el rol, responde 403.
El acceso a objetos de otro distrito lo resuelve el alcance: el objeto no se
encuentra y la vista responde 404.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from usuarios.models import Rol

TODOS = frozenset(Rol)
GESTORES = frozenset({Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR})
LECTORES_PADRON = frozenset({Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR, Rol.INVITADO})
LECTORES_REPORTES = frozenset({Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR, Rol.INVITADO})


def requiere_rol(*roles):
    permitidos = frozenset(roles)

    def decorador(vista):
        @wraps(vista)
        def envoltura(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.rol not in permitidos:
                raise PermissionDenied("Su rol no tiene acceso a esta página.")
            return vista(request, *args, **kwargs)

        envoltura.roles_permitidos = permitidos
        return envoltura

    return decorador


def requiere_distrito(vista):
    """Para vistas de un distrito: el invitado nacional no tiene lista que leer."""

    @wraps(vista)
    def envoltura(request, *args, **kwargs):
        if request.user.rol != Rol.ADMINISTRADOR and not request.user.distrito_id:
            raise PermissionDenied("Esta página es de un distrito y su cuenta es nacional.")
        return vista(request, *args, **kwargs)

    return envoltura
