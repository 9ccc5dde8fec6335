"""API del aplicativo: ingreso con token, tipos de registro, búsqueda del hogar y registro de entregas."""

import datetime
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from entregas.models import Entrega, ProductoKit, Programacion
from tests.conftest import CLAVE, MIRAFLORES, SURCO, crear_usuario
from tests.entregas.apoyo_api import (
    URL_SESION,
    almacen_temporal,  # noqa: F401 (fixture)
    cliente_api,
    foto,
    formulario_entrega,
    ingresar,
    token_directo,
)
from tests.fabricas import BeneficiarioFactory, EntregaFactory, TipoRegistroFactory
from usuarios.models import Rol, Usuario

pytestmark = pytest.mark.django_db


@pytest.fixture
def tipo():
    tipo = TipoRegistroFactory(nombre="Canasta DU 033-2020 — 1.ª entrega", codigo="DU033-1")
    ProductoKit.objects.create(tipo_registro=tipo, producto="Arroz", unidad="kg", cantidad=5)
    return tipo


@pytest.fixture
def hogar():
    return BeneficiarioFactory(
        numero_documento="01234567", nombres="ROSA", apellido_paterno="QUISPE", apellido_materno="MAMANI",
        direccion="JR. LAS CAMELIAS 120",
    )


@pytest.fixture
def hogar_surco():
    return BeneficiarioFactory(
        distrito_id=SURCO, numero_documento="07654321", nombres="JUANA", apellido_paterno="SECRETA",
        direccion="AV. DE SURCO 999",
    )


@pytest.fixture
def operador(operador_miraflores):
    return cliente_api(token_directo(operador_miraflores))


# --- Ingreso y token ---


def test_ingreso_devuelve_token_que_autentica(client, operador_miraflores):
    token = ingresar(client, operador_miraflores)

    respuesta = cliente_api(token).get("/api/v1/yo")

    assert respuesta.status_code == 200
    assert respuesta.json()["username"] == "operador.miraflores"
    assert respuesta.json()["rol"] == "operador"
    assert respuesta.json()["distrito"] == MIRAFLORES
    assert respuesta.json()["puede_registrar"] is True


def test_ingreso_con_clave_incorrecta_no_da_token(client, operador_miraflores):
    respuesta = client.post(
        "/api/v1/_allauth/app/v1/auth/login",
        {"username": "operador.miraflores", "password": "otra-clave-123"},
        content_type="application/json",
    )

    assert respuesta.status_code == 400
    assert "session_token" not in respuesta.content.decode()


def test_cerrar_sesion_invalida_el_token(client, operador_miraflores):
    token = ingresar(client, operador_miraflores)
    aplicativo = cliente_api(token)

    cierre = aplicativo.delete(URL_SESION)

    assert cierre.status_code == 401  # allauth responde 401: ya no hay sesión
    assert aplicativo.get("/api/v1/yo").status_code == 401


def test_sin_token_responde_401_json():
    respuesta = cliente_api(None).get("/api/v1/tipos-registro")

    assert respuesta.status_code == 401
    assert respuesta.json()["codigo"] == "no-autenticado"
    assert "token" in respuesta.json()["mensaje"]


def test_token_inventado_responde_401():
    respuesta = cliente_api("no-es-un-token").get("/api/v1/yo")

    assert respuesta.status_code == 401
    assert respuesta.json()["codigo"] == "no-autenticado"


def test_token_de_usuario_desactivado_responde_401(operador_miraflores):
    token = token_directo(operador_miraflores)
    operador_miraflores.is_active = False
    operador_miraflores.save()

    assert cliente_api(token).get("/api/v1/yo").status_code == 401


def test_token_se_renueva_a_media_vida(operador_miraflores, settings):
    token = token_directo(operador_miraflores)
    sesion = Session.objects.get(session_key=token)
    sesion.expire_date = timezone.now() + datetime.timedelta(seconds=60)
    sesion.save()

    cliente_api(token).get("/api/v1/yo")

    restante = Session.objects.get(session_key=token).expire_date - timezone.now()
    assert restante > datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


@pytest.mark.parametrize("fixture", ["admin", "invitado_miraflores", "invitado_nacional"])
def test_roles_sin_captura_reciben_403(fixture, request, tipo, hogar):
    aplicativo = cliente_api(token_directo(request.getfixturevalue(fixture)))

    respuestas = [
        aplicativo.get("/api/v1/tipos-registro"),
        aplicativo.get(f"/api/v1/hogares/{hogar.numero_documento}", {"tipo_registro": tipo.pk}),
        aplicativo.get("/api/v1/entregas"),
        aplicativo.post("/api/v1/entregas", formulario_entrega(tipo, hogar.numero_documento)),
    ]

    assert [r.status_code for r in respuestas] == [403, 403, 403, 403]
    assert {r.json()["codigo"] for r in respuestas} == {"sin-permiso"}
    assert Entrega.objects.count() == 0


def test_ruta_inexistente_responde_404_json(operador):
    respuesta = operador.get("/api/v1/no-existe")

    assert respuesta.status_code == 404
    assert respuesta.json()["codigo"] == "ruta-inexistente"


def test_metodo_no_admitido_responde_405_json(operador):
    respuesta = operador.put("/api/v1/yo")

    assert respuesta.status_code == 405
    assert respuesta.json()["codigo"] == "metodo-no-permitido"
    assert respuesta["Allow"] == "GET"


# --- Tipos de registro ---


def test_tipos_registro_nacionales_y_del_distrito(operador, tipo):
    propio = TipoRegistroFactory(distrito_id=MIRAFLORES, nombre="Canasta municipal Miraflores")
    TipoRegistroFactory(distrito_id=SURCO, nombre="Canasta municipal Surco")
    TipoRegistroFactory(nombre="Campaña cerrada", activo=False)

    respuesta = operador.get("/api/v1/tipos-registro")

    assert respuesta.status_code == 200
    nombres = {t["nombre"] for t in respuesta.json()}
    assert nombres == {tipo.nombre, propio.nombre}
    nacional = next(t for t in respuesta.json() if t["id"] == tipo.pk)
    assert nacional["nacional"] is True
    assert nacional["productos"] == [{"producto": "Arroz", "unidad": "kg", "cantidad": "5.00"}]


# --- Búsqueda del hogar ---


@pytest.mark.parametrize("escrito", ["01234567", "1234567", "01.234.567", " 0123 4567 ", "1-234-567"])
def test_hogar_por_documento_tolera_formatos(operador, tipo, hogar, escrito):
    respuesta = operador.get(f"/api/v1/hogares/{escrito}", {"tipo_registro": tipo.pk})

    assert respuesta.status_code == 200
    assert respuesta.json()["numero_documento"] == "01234567"
    assert respuesta.json()["nombres"] == "ROSA"
    assert respuesta.json()["apellidos"] == "QUISPE MAMANI"
    assert respuesta.json()["direccion"] == "JR. LAS CAMELIAS 120"


def test_hogar_programado_y_sin_entrega(operador, tipo, hogar, sub_miraflores):
    Programacion.objects.create(
        beneficiario=hogar, tipo_registro=tipo, distrito_id=MIRAFLORES,
        fecha_programada=datetime.date(2026, 4, 2), punto_entrega="Losa deportiva", creado_por=sub_miraflores,
    )

    datos = operador.get(f"/api/v1/hogares/{hogar.numero_documento}", {"tipo_registro": tipo.pk}).json()

    assert datos["programado"] is True
    assert datos["fecha_programada"] == "2026-04-02"
    assert datos["punto_entrega"] == "Losa deportiva"
    assert datos["entrega"] is None


def test_hogar_ya_entregado_muestra_fecha_y_operador(operador, tipo, hogar):
    autor = crear_usuario("ana.torres", Rol.OPERADOR, MIRAFLORES, first_name="Ana", last_name="Torres")
    previa = EntregaFactory(beneficiario=hogar, tipo_registro=tipo, operador=autor)

    datos = operador.get(f"/api/v1/hogares/{hogar.numero_documento}", {"tipo_registro": tipo.pk}).json()

    assert datos["programado"] is False
    assert datos["entrega"]["operador"] == "Ana Torres"
    assert datos["entrega"]["uuid_cliente"] == str(previa.uuid_cliente)
    assert datos["entrega"]["fecha_entrega"].startswith(previa.fecha_entrega.isoformat()[:16])


def test_hogar_de_otro_distrito_responde_404_sin_datos(operador, tipo, hogar_surco):
    respuesta = operador.get(f"/api/v1/hogares/{hogar_surco.numero_documento}", {"tipo_registro": tipo.pk})

    assert respuesta.status_code == 404
    assert respuesta.json()["codigo"] == "no-encontrado"
    cuerpo = respuesta.content.decode()
    assert "SECRETA" not in cuerpo
    assert "SURCO" not in cuerpo.upper()


def test_hogar_inexistente_responde_igual_que_otro_distrito(operador, tipo, hogar_surco):
    de_surco = operador.get(f"/api/v1/hogares/{hogar_surco.numero_documento}", {"tipo_registro": tipo.pk})
    inexistente = operador.get("/api/v1/hogares/99999999", {"tipo_registro": tipo.pk})

    assert de_surco.status_code == inexistente.status_code == 404
    assert de_surco.json() == inexistente.json()


def test_hogar_con_dni_invalido_responde_422(operador, tipo):
    respuesta = operador.get("/api/v1/hogares/12AB", {"tipo_registro": tipo.pk})

    assert respuesta.status_code == 422
    assert respuesta.json()["codigo"] == "documento-invalido"


def test_hogar_sin_tipo_registro_responde_422_en_espanol(operador, hogar):
    respuesta = operador.get(f"/api/v1/hogares/{hogar.numero_documento}")

    assert respuesta.status_code == 422
    assert respuesta.json()["codigo"] == "datos-invalidos"
    assert respuesta.json()["errores"] == [{"campo": "query.tipo_registro", "mensaje": "Falta este campo."}]


def test_hogar_con_tipo_de_otro_distrito_responde_404(operador, hogar):
    tipo_surco = TipoRegistroFactory(distrito_id=SURCO)

    respuesta = operador.get(f"/api/v1/hogares/{hogar.numero_documento}", {"tipo_registro": tipo_surco.pk})

    assert respuesta.status_code == 404


# --- Registro de entregas ---


def test_registrar_entrega_crea_201(operador, operador_miraflores, tipo, hogar, almacen_temporal):
    formulario = formulario_entrega(tipo, "1234567", foto_beneficiario=foto("persona.jpg"), consentimiento_foto="true")

    respuesta = operador.post("/api/v1/entregas", formulario)

    assert respuesta.status_code == 201, respuesta.content
    entrega = Entrega.objects.get()
    assert respuesta.json()["id"] == entrega.pk
    assert respuesta.json()["uuid_cliente"] == formulario["uuid_cliente"]
    assert entrega.beneficiario == hogar
    assert entrega.operador == operador_miraflores
    assert entrega.distrito_id == MIRAFLORES
    assert entrega.origen == Entrega.Origen.APP
    assert entrega.dispositivo == "Android 14; Canastas Perú 2.1"
    assert len(entrega.sha256_dni_planilla) == 64
    assert respuesta.json()["tiene_foto_beneficiario"] is True
    assert (almacen_temporal / entrega.foto_dni_planilla.name).is_file()


def test_uuid_repetido_responde_200(operador, tipo, hogar, almacen_temporal):
    formulario = formulario_entrega(tipo, hogar.numero_documento)

    primera = operador.post("/api/v1/entregas", formulario)
    formulario["foto_dni_planilla"] = foto()
    segunda = operador.post("/api/v1/entregas", formulario)

    assert primera.status_code == 201
    assert segunda.status_code == 200
    assert segunda.json() == primera.json()
    assert Entrega.objects.count() == 1
    assert len(list(almacen_temporal.rglob("*.jpg"))) == 1


def test_uuid_de_otra_cuenta_responde_409(operador, tipo, hogar, sub_miraflores, almacen_temporal):
    ajena = EntregaFactory(operador=sub_miraflores, tipo_registro=tipo)

    respuesta = operador.post(
        "/api/v1/entregas", formulario_entrega(tipo, hogar.numero_documento, uuid_cliente=str(ajena.uuid_cliente))
    )

    assert respuesta.status_code == 409
    assert respuesta.json()["codigo"] == "uuid-repetido"
    assert Entrega.objects.count() == 1


def test_hogar_ya_entregado_responde_409(operador, tipo, hogar, almacen_temporal):
    assert operador.post("/api/v1/entregas", formulario_entrega(tipo, hogar.numero_documento)).status_code == 201

    respuesta = operador.post("/api/v1/entregas", formulario_entrega(tipo, hogar.numero_documento))

    assert respuesta.status_code == 409
    assert respuesta.json()["codigo"] == "ya-entregado"
    assert "ya recibió" in respuesta.json()["mensaje"]
    assert Entrega.objects.count() == 1


def test_entrega_sin_foto_responde_422(operador, tipo, hogar):
    respuesta = operador.post("/api/v1/entregas", formulario_entrega(tipo, hogar.numero_documento, foto_dni_planilla=None))

    assert respuesta.status_code == 422
    assert respuesta.json()["codigo"] == "foto-requerida"
    assert Entrega.objects.count() == 0


def test_entrega_con_fecha_sin_zona_responde_422(operador, tipo, hogar, almacen_temporal):
    respuesta = operador.post(
        "/api/v1/entregas", formulario_entrega(tipo, hogar.numero_documento, fecha_entrega="2026-03-28T10:15:00")
    )

    assert respuesta.status_code == 422
    assert respuesta.json()["codigo"] == "fecha-invalida"


def test_entrega_con_uuid_invalido_lista_el_campo(operador, tipo, hogar):
    respuesta = operador.post(
        "/api/v1/entregas", formulario_entrega(tipo, hogar.numero_documento, uuid_cliente="123", tipo_entrega="avion")
    )

    assert respuesta.status_code == 422
    assert respuesta.json()["codigo"] == "datos-invalidos"
    campos = {error["campo"]: error["mensaje"] for error in respuesta.json()["errores"]}
    assert campos["uuid_cliente"] == "No es un UUID válido."
    assert campos["tipo_entrega"].startswith("Valor no permitido; use uno de:")


def test_entrega_a_hogar_de_otro_distrito_responde_404(operador, tipo, hogar_surco, almacen_temporal):
    respuesta = operador.post("/api/v1/entregas", formulario_entrega(tipo, hogar_surco.numero_documento))

    assert respuesta.status_code == 404
    assert respuesta.json()["codigo"] == "fuera-de-distrito"
    assert "SECRETA" not in respuesta.content.decode()
    assert Entrega.objects.count() == 0


def test_subadministrador_registra_en_su_distrito(sub_miraflores, tipo, hogar, almacen_temporal):
    aplicativo = cliente_api(token_directo(sub_miraflores))

    respuesta = aplicativo.post("/api/v1/entregas", formulario_entrega(tipo, hogar.numero_documento))

    assert respuesta.status_code == 201
    assert Entrega.objects.get().operador == sub_miraflores


# --- Mis entregas ---


def test_mis_entregas_pagina_solo_las_propias(operador, operador_miraflores, tipo):
    otro = crear_usuario("otro.operador", Rol.OPERADOR, MIRAFLORES)
    propias = [EntregaFactory(operador=operador_miraflores, tipo_registro=tipo) for _ in range(3)]
    EntregaFactory(operador=otro, tipo_registro=tipo)

    primera = operador.get("/api/v1/entregas", {"por_pagina": 2}).json()
    segunda = operador.get("/api/v1/entregas", {"por_pagina": 2, "pagina": 2}).json()

    assert primera["total"] == 3
    assert primera["paginas"] == 2
    assert len(primera["resultados"]) == 2
    assert len(segunda["resultados"]) == 1
    vistas = {e["id"] for e in primera["resultados"] + segunda["resultados"]}
    assert vistas == {e.pk for e in propias}


def test_mis_entregas_rechaza_por_pagina_excesivo(operador):
    respuesta = operador.get("/api/v1/entregas", {"por_pagina": 1000})

    assert respuesta.status_code == 422
    assert respuesta.json()["errores"][0]["campo"] == "query.por_pagina"


def test_uuid_cliente_es_texto_uuid_en_la_respuesta(operador, operador_miraflores, tipo):
    entrega = EntregaFactory(operador=operador_miraflores, tipo_registro=tipo)

    resultado = operador.get("/api/v1/entregas").json()["resultados"][0]

    assert uuid.UUID(resultado["uuid_cliente"]) == entrega.uuid_cliente


# --- Endpoints de allauth bajo /api/v1/_allauth/ ---


def test_registro_publico_cerrado_en_la_api(client):
    respuesta = client.post(
        "/api/v1/_allauth/app/v1/auth/signup",
        {"username": "intruso", "email": "intruso@prueba.pe", "password": "Clave-larga-2026-x"},
        content_type="application/json",
    )

    assert respuesta.status_code == 403
    assert not Usuario.objects.filter(username="intruso").exists()


def test_ingreso_bloqueado_tras_intentos_fallidos(client, operador_miraflores, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/api/v1/_allauth/app/v1/auth/login",
            {"username": "operador.miraflores", "password": "clave-equivocada-1"},
            content_type="application/json",
        )

    respuesta = client.post(
        "/api/v1/_allauth/app/v1/auth/login",
        {"username": "operador.miraflores", "password": CLAVE},
        content_type="application/json",
    )

    assert respuesta.status_code == 429
    assert "session_token" not in respuesta.content.decode()


def test_error_inesperado_responde_500_json(operador, monkeypatch):
    def fallar(**_):
        raise RuntimeError("fallo de prueba")

    monkeypatch.setattr("entregas.api.vistas.tipos_visibles", fallar)

    respuesta = operador.get("/api/v1/tipos-registro")

    assert respuesta.status_code == 500
    assert respuesta.json()["codigo"] == "error-interno"
    assert "fallo de prueba" not in respuesta.content.decode()
