"""Contrato de la API: las respuestas reales cumplen el esquema OpenAPI publicado, y la documentación no usa CDN.

jsonschema no está instalado, así que `errores_de_esquema` valida el subconjunto
de JSON Schema que genera django-ninja con pydantic 2 ($ref, anyOf, allOf, enum,
type, properties, required, items, format). Un campo que la respuesta trae y el
esquema no declara cuenta como error, para que el OpenAPI no se quede atrás.
"""

import datetime
import re
import uuid

import pytest
from django.contrib.staticfiles import finders

from entregas.models import Programacion
from tests.conftest import MIRAFLORES, SURCO
from tests.entregas.apoyo_api import almacen_temporal, cliente_api, formulario_entrega, foto, token_directo  # noqa: F401
from tests.fabricas import BeneficiarioFactory, EntregaFactory, TipoRegistroFactory

TIPOS_JSON = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def errores_de_esquema(valor, esquema: dict, componentes: dict, ruta: str = "$") -> list[str]:
    """Lista los incumplimientos de `valor` frente a `esquema` (vacía si lo cumple)."""
    if "$ref" in esquema:
        return errores_de_esquema(valor, componentes[esquema["$ref"].rsplit("/", 1)[-1]], componentes, ruta)
    if "anyOf" in esquema:
        if any(not errores_de_esquema(valor, alternativa, componentes, ruta) for alternativa in esquema["anyOf"]):
            return []
        return [f"{ruta}: {valor!r} no cumple ninguna alternativa de anyOf"]
    errores = []
    for parte in esquema.get("allOf", []):
        errores += errores_de_esquema(valor, parte, componentes, ruta)
    if "enum" in esquema and valor not in esquema["enum"]:
        errores.append(f"{ruta}: {valor!r} no está en {esquema['enum']}")
    if "type" in esquema:
        errores += _errores_de_tipo(valor, esquema, componentes, ruta)
    return errores


def _errores_de_tipo(valor, esquema, componentes, ruta) -> list[str]:
    tipo = esquema["type"]
    if tipo == "integer":
        correcto = isinstance(valor, int) and not isinstance(valor, bool)
    elif tipo == "number":
        correcto = isinstance(valor, (int, float)) and not isinstance(valor, bool)
    else:
        correcto = isinstance(valor, TIPOS_JSON[tipo])
    if not correcto:
        return [f"{ruta}: se esperaba {tipo} y llegó {valor!r}"]

    if tipo == "string" and "format" in esquema:
        return _errores_de_formato(valor, esquema["format"], ruta)
    if tipo == "array":
        errores = []
        for indice, elemento in enumerate(valor):
            errores += errores_de_esquema(elemento, esquema.get("items", {}), componentes, f"{ruta}[{indice}]")
        return errores
    if tipo == "object":
        return _errores_de_objeto(valor, esquema, componentes, ruta)
    return []


def _errores_de_objeto(valor: dict, esquema, componentes, ruta) -> list[str]:
    propiedades = esquema.get("properties", {})
    errores = [f"{ruta}: falta la clave obligatoria {clave!r}" for clave in esquema.get("required", []) if clave not in valor]
    for clave, contenido in valor.items():
        if clave not in propiedades:
            errores.append(f"{ruta}: la clave {clave!r} no figura en el esquema")
            continue
        errores += errores_de_esquema(contenido, propiedades[clave], componentes, f"{ruta}.{clave}")
    return errores


def _errores_de_formato(valor: str, formato: str, ruta: str) -> list[str]:
    lectores = {
        "date-time": datetime.datetime.fromisoformat,
        "date": datetime.date.fromisoformat,
        "uuid": uuid.UUID,
    }
    if formato not in lectores:
        return []
    try:
        lectores[formato](valor)
    except ValueError:
        return [f"{ruta}: {valor!r} no tiene formato {formato}"]
    return []


def test_validador_detecta_incumplimientos():
    componentes = {"Error": {"type": "object", "properties": {"codigo": {"type": "string"}}, "required": ["codigo"]}}
    esquema = {"$ref": "#/components/schemas/Error"}

    assert errores_de_esquema({"codigo": "x"}, esquema, componentes) == []
    assert errores_de_esquema({}, esquema, componentes) == ["$: falta la clave obligatoria 'codigo'"]
    assert errores_de_esquema({"codigo": 1}, esquema, componentes) == ["$.codigo: se esperaba string y llegó 1"]
    assert errores_de_esquema({"codigo": "x", "otro": 1}, esquema, componentes) == [
        "$: la clave 'otro' no figura en el esquema"
    ]
    assert errores_de_esquema("2026-13-01", {"type": "string", "format": "date"}, {}) != []


@pytest.fixture
def esquema(client):
    return client.get("/api/v1/openapi.json").json()


@pytest.fixture
def respuestas(operador_miraflores, admin, sub_miraflores, almacen_temporal):
    """Respuestas reales de cada operación y de cada error que documenta: (método, ruta OpenAPI, respuesta)."""
    tipo = TipoRegistroFactory()
    hogar = BeneficiarioFactory(distrito_id=MIRAFLORES, numero_documento="01234567")
    entregado = BeneficiarioFactory(distrito_id=MIRAFLORES)
    de_surco = BeneficiarioFactory(distrito_id=SURCO)
    Programacion.objects.create(
        beneficiario=hogar, tipo_registro=tipo, distrito_id=MIRAFLORES,
        fecha_programada=datetime.date(2026, 4, 2), creado_por=sub_miraflores,
    )
    EntregaFactory(beneficiario=entregado, tipo_registro=tipo, operador=operador_miraflores)

    operador = cliente_api(token_directo(operador_miraflores))
    administrador = cliente_api(token_directo(admin))
    anonimo = cliente_api(None)
    hogares = "/api/v1/hogares/{numero_documento}"
    formulario = formulario_entrega(tipo, hogar.numero_documento)
    return [
        ("GET", "/api/v1/yo", operador.get("/api/v1/yo")),
        ("GET", "/api/v1/yo", anonimo.get("/api/v1/yo")),
        ("GET", "/api/v1/tipos-registro", operador.get("/api/v1/tipos-registro")),
        ("GET", "/api/v1/tipos-registro", administrador.get("/api/v1/tipos-registro")),
        ("GET", hogares, operador.get("/api/v1/hogares/1234567", {"tipo_registro": tipo.pk})),
        ("GET", hogares, operador.get(f"/api/v1/hogares/{entregado.numero_documento}", {"tipo_registro": tipo.pk})),
        ("GET", hogares, operador.get(f"/api/v1/hogares/{de_surco.numero_documento}", {"tipo_registro": tipo.pk})),
        ("GET", hogares, operador.get("/api/v1/hogares/12AB", {"tipo_registro": tipo.pk})),
        ("GET", hogares, operador.get("/api/v1/hogares/12345678")),
        ("POST", "/api/v1/entregas", operador.post("/api/v1/entregas", formulario)),
        ("POST", "/api/v1/entregas", operador.post("/api/v1/entregas", {**formulario, "foto_dni_planilla": foto()})),
        ("POST", "/api/v1/entregas", operador.post(
            "/api/v1/entregas", formulario_entrega(tipo, entregado.numero_documento))),
        ("POST", "/api/v1/entregas", operador.post(
            "/api/v1/entregas", formulario_entrega(tipo, de_surco.numero_documento))),
        ("POST", "/api/v1/entregas", operador.post(
            "/api/v1/entregas", formulario_entrega(tipo, hogar.numero_documento, foto_dni_planilla=None))),
        ("POST", "/api/v1/entregas", operador.post(
            "/api/v1/entregas", formulario_entrega(tipo, hogar.numero_documento, uuid_cliente="no-uuid"))),
        ("GET", "/api/v1/entregas", operador.get("/api/v1/entregas")),
        ("GET", "/api/v1/entregas", operador.get("/api/v1/entregas", {"pagina": 0})),
    ]


@pytest.mark.django_db
def test_respuestas_cumplen_el_openapi(esquema, respuestas):
    componentes = esquema["components"]["schemas"]
    vistos = set()
    for metodo, ruta, respuesta in respuestas:
        documentadas = esquema["paths"][ruta][metodo.lower()]["responses"]
        estado = str(respuesta.status_code)
        vistos.add((metodo, ruta, estado))

        assert estado in documentadas, f"{metodo} {ruta} responde {estado}, que el OpenAPI no documenta"
        esquema_cuerpo = documentadas[estado]["content"]["application/json"]["schema"]
        errores = errores_de_esquema(respuesta.json(), esquema_cuerpo, componentes)
        assert errores == [], f"{metodo} {ruta} {estado}: {errores}"

    # Cada clase de respuesta que se quiso cubrir ocurrió de verdad.
    esperados = {
        ("GET", "/api/v1/yo", "200"), ("GET", "/api/v1/yo", "401"),
        ("GET", "/api/v1/tipos-registro", "200"), ("GET", "/api/v1/tipos-registro", "403"),
        ("GET", "/api/v1/hogares/{numero_documento}", "200"), ("GET", "/api/v1/hogares/{numero_documento}", "404"),
        ("GET", "/api/v1/hogares/{numero_documento}", "422"),
        ("POST", "/api/v1/entregas", "201"), ("POST", "/api/v1/entregas", "200"),
        ("POST", "/api/v1/entregas", "404"), ("POST", "/api/v1/entregas", "409"),
        ("POST", "/api/v1/entregas", "422"),
        ("GET", "/api/v1/entregas", "200"), ("GET", "/api/v1/entregas", "422"),
    }
    assert esperados - vistos == set()


@pytest.mark.django_db
def test_openapi_declara_el_token(esquema):
    seguridad = esquema["components"]["securitySchemes"]["TokenDeSesion"]

    assert seguridad == {
        "type": "apiKey",
        "in": "header",
        "name": "X-Session-Token",
        "description": seguridad["description"],
    }
    assert esquema["info"]["title"] == "Canastas — API del aplicativo"
    assert esquema["info"]["version"] == "1"


@pytest.mark.django_db
def test_documentacion_sin_recursos_externos(client):
    respuesta = client.get("/api/v1/docs")
    html = respuesta.content.decode()
    recursos = re.findall(r'(?:src|href)="([^"]*)"', html)

    assert respuesta.status_code == 200
    assert recursos, "la página de documentación no carga ningún recurso"
    assert [r for r in recursos if not r.startswith("/static/")] == []
    assert [r for r in recursos if finders.find(r.removeprefix("/static/")) is None] == []
    assert "http://" not in html
    assert "https://" not in html
