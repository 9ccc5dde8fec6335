"""Alcance por distrito: cada petición corre dentro del distrito de su usuario.

Los modelos ligados a un distrito usan `ScopedManager(distrito=...)` de
django-scopes. Una consulta hecha fuera de un alcance lanza `ScopeError` en
lugar de devolver datos de todos los distritos (falla cerrada).

Cuidado con django-scopes: `scope(distrito=None)` NO filtra nada. Por eso el
alcance siempre se pasa como lista; una lista vacía no deja ver ninguna fila.
"""

from contextlib import contextmanager

from django_scopes import scope, scopes_disabled

from usuarios.models import Rol


def distritos_visibles(usuario) -> list[str]:
    """Códigos de distrito cuyas filas puede leer el usuario (lista vacía: ninguna)."""
    if not usuario.is_authenticated or not usuario.is_active:
        return []
    if usuario.distrito_id:
        return [usuario.distrito_id]
    return []


@contextmanager
def alcance_de(usuario):
    """Activa el alcance que corresponde al usuario; el administrador ve todo."""
    if usuario.is_authenticated and usuario.is_active and usuario.rol == Rol.ADMINISTRADOR:
        with scopes_disabled():
            yield
        return

    with scope(distrito=distritos_visibles(usuario)):
        yield


class AlcanceDistritoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with alcance_de(request.user):
            return self.get_response(request)
