"""Elenco común de las pruebas: un distrito propio (Miraflores) y uno ajeno (Surco).

Los ubigeos INEI llegan con las migraciones (0003_cargar_ubigeos).

Las pruebas que no necesitan base de datos (tests/importacion) no usan estas fixtures.
"""

from functools import cache

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django_scopes import scopes_disabled

from usuarios.models import Rol, Usuario

MIRAFLORES = "150122"
SURCO = "150140"
CLAVE = "Clave-de-prueba-2026"


@pytest.fixture(autouse=True)
def _cache_limpia(request):
    """allauth y la API cuentan peticiones en la caché: cada prueba empieza de cero.

    La caché es una tabla de PostgreSQL, así que solo la vacían las pruebas con base de datos.
    """
    marca = request.node.get_closest_marker("django_db")
    nombres = set(request.fixturenames)
    if marca is None and not nombres & {"db", "transactional_db"}:
        yield
        return
    if marca is None:
        # Esta fixture corre antes que las que piden la base: se abre aquí el acceso.
        request.getfixturevalue("transactional_db" if "transactional_db" in nombres else "db")

    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _sin_alcance():
    """Las pruebas preparan datos sin alcance; las vistas activan el suyo en el middleware."""
    with scopes_disabled():
        yield


@cache
def _hash_clave() -> str:
    # PBKDF2 tarda a propósito; se calcula una vez por proceso y no por usuario.
    return make_password(CLAVE)


@pytest.fixture
def ubigeos(transactional_db):
    """Para pruebas transaccionales: vuelve a cargar el catálogo, que la anterior pudo vaciar.

    pytest-django corre las pruebas transaccionales después de las demás, así que
    su vaciado final no afecta a las que usan el catálogo cargado por la migración.
    """
    call_command("cargar_ubigeos", verbosity=0)


def crear_usuario(username, rol, distrito=None, **extra) -> Usuario:
    usuario = Usuario(username=username, email=f"{username}@prueba.pe", rol=rol, distrito_id=distrito, **extra)
    usuario.password = _hash_clave()
    usuario.save()
    return usuario


@pytest.fixture
def admin(db):
    return crear_usuario("admin", Rol.ADMINISTRADOR, is_staff=True, is_superuser=True)


@pytest.fixture
def sub_miraflores(db):
    return crear_usuario("sub.miraflores", Rol.SUBADMINISTRADOR, MIRAFLORES)


@pytest.fixture
def operador_miraflores(db):
    return crear_usuario("operador.miraflores", Rol.OPERADOR, MIRAFLORES)


@pytest.fixture
def invitado_miraflores(db):
    return crear_usuario("invitado.miraflores", Rol.INVITADO, MIRAFLORES)


@pytest.fixture
def invitado_nacional(db):
    return crear_usuario("invitado.nacional", Rol.INVITADO)


@pytest.fixture
def sub_surco(db):
    return crear_usuario("sub.surco", Rol.SUBADMINISTRADOR, SURCO)


@pytest.fixture
def cliente_de(client):
    """Devuelve un cliente con la sesión iniciada del usuario dado."""

    def _cliente(usuario):
        client.force_login(usuario)
        return client

    return _cliente
