"""Barrido de permisos: cada URL de la plataforma × cada rol × distrito propio/ajeno × sin sesión.

La tabla RUTAS dice qué roles abren cada URL. Una URL nueva que no esté en la
tabla hace fallar `test_toda_url_esta_en_el_barrido`, así ninguna queda sin probar.
Reglas (matriz de roles del diseño): sin sesión → 302 al ingreso; rol sin
permiso → 403; objeto de otro distrito → 404; permitido → 200 (o 302 si la
acción redirige al terminar).
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from beneficiarios.models import Importacion
from tests.conftest import MIRAFLORES, crear_usuario
from tests.fabricas import BeneficiarioFactory, ImportacionFactory
from usuarios.models import Rol

A, S, O, I = Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR, Rol.OPERADOR, Rol.INVITADO


@dataclass(frozen=True)
class Ruta:
    nombre: str
    roles: frozenset
    objeto: str = ""  # "beneficiario" o "importacion": la URL lleva el id de un objeto de Miraflores
    metodo: str = "get"
    requiere_distrito: bool = False  # el invitado nacional no tiene lista de distrito
    exito: int = 200
    datos: tuple = ()


RUTAS = [
    Ruta("inicio", frozenset({A, S, O, I})),
    Ruta("beneficiarios:lista", frozenset({A, S, I}), requiere_distrito=True),
    Ruta("beneficiarios:exportar", frozenset({A, S}), requiere_distrito=True),
    Ruta("beneficiarios:detalle", frozenset({A, S}), objeto="beneficiario"),
    Ruta("beneficiarios:corregir", frozenset({A, S}), objeto="beneficiario"),
    Ruta("beneficiarios:importaciones", frozenset({A, S})),
    Ruta("beneficiarios:plantilla", frozenset({A, S})),
    Ruta("beneficiarios:importacion", frozenset({A, S}), objeto="importacion"),
    Ruta("beneficiarios:importacion_estado", frozenset({A, S}), objeto="importacion"),
    Ruta("beneficiarios:importacion_rechazadas", frozenset({A, S}), objeto="importacion"),
    Ruta("beneficiarios:importacion_aplicar", frozenset({A, S}), objeto="importacion", metodo="post",
         exito=302, datos=(("conforme", "1"),)),
    Ruta("beneficiarios:importacion_descartar", frozenset({A, S}), objeto="importacion", metodo="post", exito=302),
    Ruta("reportes:nacional", frozenset({A, S, I})),
    Ruta("reportes:departamento", frozenset({A, S, I}), objeto="departamento"),
    Ruta("reportes:provincia", frozenset({A, S, I}), objeto="provincia"),
    Ruta("reportes:distrito", frozenset({A, S, I}), objeto="distrito"),
]

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

# Objetos territoriales: públicos en los reportes, no pertenecen a un distrito.
OBJETOS_TERRITORIALES = {"departamento": "15", "provincia": "1501", "distrito": MIRAFLORES}

# Rutas de terceros que se prueban aparte (allauth y el admin de Django).
ESPACIOS_AJENOS = {"admin", "account", "allauth"}


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


def _esperado(ruta: Ruta, rol, distrito) -> int:
    if rol is None:
        return 302
    if rol not in ruta.roles:
        return 403
    if ruta.requiere_distrito and rol != A and distrito is None:
        return 403
    if ruta.objeto in {"beneficiario", "importacion"} and rol != A and distrito != MIRAFLORES:
        return 404
    return ruta.exito


def _url(ruta: Ruta, objetos: dict) -> str:
    if not ruta.objeto:
        return reverse(ruta.nombre)
    if ruta.objeto in OBJETOS_TERRITORIALES:
        return reverse(ruta.nombre, args=[OBJETOS_TERRITORIALES[ruta.objeto]])
    return reverse(ruta.nombre, args=[objetos[ruta.objeto].pk])


@pytest.mark.django_db
@pytest.mark.parametrize("actor,rol,distrito", ACTORES, ids=[a[0] for a in ACTORES])
@pytest.mark.parametrize("ruta", RUTAS, ids=[r.nombre for r in RUTAS])
def test_permiso(ruta, actor, rol, distrito, request, client):
    autor = crear_usuario("autor.miraflores", S, MIRAFLORES)
    objetos = {
        "beneficiario": BeneficiarioFactory(distrito_id=MIRAFLORES),
        "importacion": ImportacionFactory(distrito_id=MIRAFLORES, usuario=autor, estado=Importacion.Estado.LISTO),
    }
    if rol is not None:
        client.force_login(request.getfixturevalue(actor))

    url = _url(ruta, objetos)
    respuesta = getattr(client, ruta.metodo)(url, dict(ruta.datos))

    esperado = _esperado(ruta, rol, distrito)
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
