"""Barrido de permisos de la API: cada operación × cada rol × distrito propio/ajeno × sin token.

Reglas (matriz de roles del diseño, con token en lugar de sesión): sin token o
con un token inválido → 401; rol sin permiso → 403; hogar de otro distrito → 404;
permitido → 200 (201 al crear). Registran entregas solo el operador y el
subadministrador, cada uno en su distrito. Una operación del OpenAPI que no esté
en `OPERACIONES` hace fallar `test_toda_operacion_esta_en_el_barrido`.
"""

from dataclasses import dataclass

import pytest

from tests.conftest import MIRAFLORES, SURCO
from tests.entregas.apoyo_api import almacen_temporal, cliente_api, formulario_entrega, token_directo  # noqa: F401
from tests.fabricas import BeneficiarioFactory, TipoRegistroFactory
from tests.plataforma.rutas import A, I, O, S

TODOS = frozenset({A, S, O, I})
CAPTURA = frozenset({S, O})


@dataclass(frozen=True)
class OperacionApi:
    metodo: str
    ruta: str  # tal como figura en el OpenAPI
    roles: frozenset | None  # None: pública, sin token
    de_distrito: bool = False  # la petición nombra un hogar de Miraflores
    exito: int = 200


OPERACIONES = [
    OperacionApi("GET", "/api/v1/yo", TODOS),
    OperacionApi("GET", "/api/v1/tipos-registro", CAPTURA),
    OperacionApi("GET", "/api/v1/hogares/{numero_documento}", CAPTURA, de_distrito=True),
    OperacionApi("GET", "/api/v1/entregas", CAPTURA),
    OperacionApi("POST", "/api/v1/entregas", CAPTURA, de_distrito=True, exito=201),
]
# La documentación no figura entre las operaciones del OpenAPI, pero también se barre.
PUBLICAS = [
    OperacionApi("GET", "/api/v1/openapi.json", None),
    OperacionApi("GET", "/api/v1/docs", None),
]

# Actores: (fixture, rol, distrito). sub_surco es el actor de "otro distrito".
ACTORES = [
    ("sin_token", None, None),
    ("token_invalido", None, None),
    ("admin", A, None),
    ("sub_miraflores", S, MIRAFLORES),
    ("operador_miraflores", O, MIRAFLORES),
    ("invitado_miraflores", I, MIRAFLORES),
    ("invitado_nacional", I, None),
    ("sub_surco", S, SURCO),
]


def _esperado(operacion: OperacionApi, rol, distrito) -> int:
    if operacion.roles is None:
        return 200
    if rol is None:
        return 401
    if rol not in operacion.roles:
        return 403
    if operacion.de_distrito and distrito != MIRAFLORES:
        return 404
    return operacion.exito


def _token(actor: str, request) -> str | None:
    if actor == "sin_token":
        return None
    if actor == "token_invalido":
        return "token-que-no-existe"
    return token_directo(request.getfixturevalue(actor))


def _peticion(aplicativo, operacion: OperacionApi):
    tipo = TipoRegistroFactory()
    hogar = BeneficiarioFactory(distrito_id=MIRAFLORES)
    url = operacion.ruta.replace("{numero_documento}", hogar.numero_documento)
    if operacion.metodo == "POST":
        return aplicativo.post(url, formulario_entrega(tipo, hogar.numero_documento))
    if "{numero_documento}" in operacion.ruta:
        return aplicativo.get(url, {"tipo_registro": tipo.pk})
    return aplicativo.get(url)


def test_toda_operacion_esta_en_el_barrido(client):
    esquema = client.get("/api/v1/openapi.json").json()
    en_openapi = {(metodo.upper(), ruta) for ruta, metodos in esquema["paths"].items() for metodo in metodos}

    en_barrido = {(operacion.metodo, operacion.ruta) for operacion in OPERACIONES}

    assert sorted(en_openapi - en_barrido) == [], "Operaciones de la API sin fila en el barrido"
    assert sorted(en_barrido - en_openapi) == [], "Filas del barrido que ya no están en la API"


@pytest.mark.django_db
@pytest.mark.usefixtures("almacen_temporal")
@pytest.mark.parametrize("actor,rol,distrito", ACTORES, ids=[actor[0] for actor in ACTORES])
@pytest.mark.parametrize("operacion", OPERACIONES + PUBLICAS, ids=[f"{o.metodo} {o.ruta}" for o in OPERACIONES + PUBLICAS])
def test_permiso_api(operacion, actor, rol, distrito, request):
    aplicativo = cliente_api(_token(actor, request))

    respuesta = _peticion(aplicativo, operacion)

    esperado = _esperado(operacion, rol, distrito)
    assert respuesta.status_code == esperado, f"{actor} {operacion.metodo} {operacion.ruta}: {respuesta.content[:300]}"
    if esperado >= 400:
        assert respuesta["Content-Type"].startswith("application/json")
        assert set(respuesta.json()) >= {"codigo", "mensaje"}
