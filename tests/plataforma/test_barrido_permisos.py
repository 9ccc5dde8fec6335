"""Barrido de permisos: cada URL de la plataforma × cada rol × distrito propio/ajeno × sin sesión.

Las tablas `RUTAS` de cada `tests/<app>/rutas.py` dicen qué roles abren cada URL.
Una URL nueva que no esté en ninguna tabla hace fallar
`test_toda_url_esta_en_el_barrido`, así ninguna queda sin probar. Reglas de la
matriz de roles del diseño:
- sin sesión → 302 al ingreso;
- rol sin permiso → 403;
- objeto de otro distrito → 404;
- permitido → 200, o 302 si la acción redirige al terminar.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import MIRAFLORES, crear_usuario
from tests.plataforma.rutas import A, I, O, S, Ruta, rutas_y_objetos

RUTAS_PROPIAS = [Ruta("inicio", frozenset({A, S, O, I}))]
RUTAS_DE_APPS, OBJETOS = rutas_y_objetos()
RUTAS = RUTAS_PROPIAS + RUTAS_DE_APPS

# Actores: (fixture, rol, distrito). sub_surco es el actor de "otro distrito".
ACTORES = [
    ("anonimo", None, None),
    ("admin", A, None),
    ("sub_miraflores", S, MIRAFLORES),
    ("operador_miraflores", O, MIRAFLORES),
    ("invitado_miraflores", I, MIRAFLORES),
    ("invitado_nacional", I, None),
    ("sub_surco", S, "150140"),
]

# Objetos del territorio: públicos en los reportes, no pertenecen a un distrito.
OBJETOS_TERRITORIALES = {"departamento", "provincia", "distrito"}

# Rutas de terceros que se prueban aparte (allauth y el admin de Django).
# La API (espacios «api» y «headless») tiene su propio barrido en tests/entregas/test_api_permisos.py.
ESPACIOS_AJENOS = {"admin", "account", "allauth", "api", "headless"}


def _nombres_de_urls(patrones=None, prefijo=""):
    for patron in patrones if patrones is not None else get_resolver().url_patterns:
        if isinstance(patron, URLResolver):
            espacio = patron.namespace
            if espacio in ESPACIOS_AJENOS or (patron.app_name or "") in ESPACIOS_AJENOS:
                continue
            nuevo_prefijo = f"{prefijo}{espacio}:" if espacio else prefijo
            yield from _nombres_de_urls(patron.url_patterns, nuevo_prefijo)
        elif isinstance(patron, URLPattern) and patron.name and not patron.name.startswith("account_"):
            yield prefijo + patron.name


def test_toda_url_esta_en_el_barrido():
    en_barrido = {ruta.nombre for ruta in RUTAS}
    faltan = sorted(set(_nombres_de_urls()) - en_barrido)
    assert faltan == [], f"URLs sin fila en el barrido de permisos: {faltan}"


def test_cada_objeto_tiene_fabrica():
    sin_fabrica = sorted({ruta.objeto for ruta in RUTAS if ruta.objeto} - set(OBJETOS))
    assert sin_fabrica == []


def _esperado(ruta: Ruta, actor, rol, distrito) -> int:
    if rol is None:
        return 302
    if rol not in ruta.roles:
        return 403
    if ruta.requiere_distrito and rol != A and distrito is None:
        return 403
    es_de_distrito = ruta.objeto and ruta.objeto not in OBJETOS_TERRITORIALES
    if es_de_distrito and rol != A and distrito != MIRAFLORES:
        return 404
    if es_de_distrito and ruta.solo_propios_operador and rol == O:
        return 404  # el objeto de la prueba lo registró otro usuario
    return ruta.exito


def _url(ruta: Ruta, objeto) -> str:
    if not ruta.objeto:
        return reverse(ruta.nombre)
    clave = objeto if isinstance(objeto, str) else objeto.pk
    return reverse(ruta.nombre, args=[clave])


@pytest.mark.django_db
@pytest.mark.parametrize("actor,rol,distrito", ACTORES, ids=[a[0] for a in ACTORES])
@pytest.mark.parametrize("ruta", RUTAS, ids=[r.nombre for r in RUTAS])
def test_permiso(ruta, actor, rol, distrito, request, client):
    autor = crear_usuario("autor.miraflores", S, MIRAFLORES)
    objeto = OBJETOS[ruta.objeto](autor) if ruta.objeto else None
    if rol is not None:
        client.force_login(request.getfixturevalue(actor))

    url = _url(ruta, objeto)
    respuesta = getattr(client, ruta.metodo)(url, dict(ruta.datos))

    esperado = _esperado(ruta, actor, rol, distrito)
    assert respuesta.status_code == esperado, f"{actor} {ruta.metodo.upper()} {url}"
    if esperado == 302 and rol is None:
        assert respuesta["Location"].startswith(reverse("account_login"))


# Rutas de terceros: ingreso de allauth y admin de Django.
@pytest.mark.django_db
@pytest.mark.parametrize("actor,rol,distrito", ACTORES, ids=[a[0] for a in ACTORES])
def test_admin_solo_para_administrador(actor, rol, distrito, request, client):
    if rol is not None:
        client.force_login(request.getfixturevalue(actor))

    respuesta = client.get(reverse("admin:index"))

    if rol == A:
        assert respuesta.status_code == 200
    else:
        assert respuesta.status_code == 302
        assert respuesta["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_admin_rechaza_staff_sin_rol_de_administrador(client, sub_miraflores):
    sub_miraflores.is_staff = True
    sub_miraflores.save()
    client.force_login(sub_miraflores)

    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("nombre", ["account_login", "account_reset_password"])
def test_paginas_de_cuenta_abiertas_sin_sesion(client, nombre):
    assert client.get(reverse(nombre)).status_code == 200
