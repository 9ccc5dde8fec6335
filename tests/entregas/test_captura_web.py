"""Captura web en /entregas/nueva/: búsqueda del hogar, formulario, confirmación e inicio del operador."""

import re
import uuid

import pytest
from django.urls import reverse

from canastas.models import RegistroAccion
from entregas.models import Entrega
from tests.conftest import MIRAFLORES, SURCO, crear_usuario
from tests.entregas.apoyo_captura import archivos_en, foto_jpeg, texto_como_jpg, usar_almacen_temporal
from tests.fabricas import BeneficiarioFactory, EntregaFactory, TipoRegistroFactory
from usuarios.models import Rol

pytestmark = pytest.mark.django_db

NUEVA = reverse("entregas:nueva")


@pytest.fixture(autouse=True)
def almacen(settings, tmp_path):
    usar_almacen_temporal(settings, tmp_path)
    return tmp_path


@pytest.fixture
def tipo():
    return TipoRegistroFactory(nombre="Canasta DU 033-2020 — 1.ª entrega")


@pytest.fixture
def hogar():
    return BeneficiarioFactory(
        numero_documento="04070004", apellido_paterno="HUAMAN", apellido_materno="TORRES", nombres="ELVA",
        direccion="AV. LARCO 345",
    )


def buscar(cliente, tipo, numero, **extra):
    return cliente.get(NUEVA, {"tipo_registro": tipo.pk, "tipo_documento": "DNI", "numero": numero, **extra})


def datos_formulario(tipo, numero="04070004", **cambios) -> dict:
    datos = {
        "tipo_registro": tipo.pk,
        "tipo_documento": "DNI",
        "numero_documento": numero,
        "uuid_cliente": str(uuid.uuid4()),
        "dispositivo": "Prueba/1.0",
        "nombres_receptor": "ELVA HUAMAN TORRES",
        "direccion": "AV. LARCO 345",
        "telefono": "987 654 321",
        "tipo_entrega": "domicilio",
        "miembros_0_5": "1",
        "miembros_6_17": "0",
        "miembros_18_59": "2",
        "miembros_60_mas": "0",
        "latitud": "-12.1211234567",
        "longitud": "-77.0297654321",
        "precision_m": "14.6",
        "fecha_entrega": "2026-01-15T09:30",
        "foto_dni_planilla": foto_jpeg(),
    }
    datos.update(cambios)
    return {clave: valor for clave, valor in datos.items() if valor is not None}


# --- Paso 1: búsqueda del hogar ---


@pytest.mark.parametrize("escrito", ["4 070 004", "4070004", "04070004"])
def test_busqueda_tolera_espacios_y_cero(escrito, cliente_de, operador_miraflores, tipo, hogar):
    respuesta = buscar(cliente_de(operador_miraflores), tipo, escrito)

    assert respuesta.status_code == 200
    assert respuesta.context["hogar"] == hogar
    assert "HUAMAN TORRES, ELVA" in respuesta.text
    assert respuesta.context["formulario"] is not None


def test_busqueda_muestra_no_programado(cliente_de, operador_miraflores, tipo, hogar):
    respuesta = buscar(cliente_de(operador_miraflores), tipo, "04070004")

    assert respuesta.context["situacion"].programado is False
    assert "Pendiente" in respuesta.text


def test_busqueda_de_hogar_ya_atendido_no_ofrece_formulario(cliente_de, operador_miraflores, sub_miraflores, tipo, hogar):
    sub_miraflores.first_name, sub_miraflores.last_name = "Carmen", "Rojas"
    sub_miraflores.save()
    EntregaFactory(beneficiario=hogar, tipo_registro=tipo, operador=sub_miraflores)

    respuesta = buscar(cliente_de(operador_miraflores), tipo, "04070004")

    assert "Ya recibió" in respuesta.text
    assert "Carmen Rojas" in respuesta.text
    assert 'id="formulario-captura"' not in respuesta.text


def test_busqueda_fuera_del_padron_ofrece_enlace(cliente_de, operador_miraflores, tipo):
    respuesta = buscar(cliente_de(operador_miraflores), tipo, "45454545")

    assert "No figura en el padrón" in respuesta.text
    assert "Registrar fuera del padrón" in respuesta.text
    assert 'id="formulario-captura"' not in respuesta.text


def test_fuera_del_padron_muestra_motivo(cliente_de, operador_miraflores, tipo):
    respuesta = buscar(cliente_de(operador_miraflores), tipo, "45454545", fuera_padron="1")

    assert 'id="formulario-captura"' in respuesta.text
    assert 'name="motivo_inclusion"' in respuesta.text
    assert "observada" in respuesta.text


def test_documento_de_otro_distrito_se_avisa(cliente_de, operador_miraflores, tipo):
    BeneficiarioFactory(distrito_id=SURCO, numero_documento="47474747")

    respuesta = buscar(cliente_de(operador_miraflores), tipo, "47474747")

    assert "padrón de otro distrito" in respuesta.text
    assert 'id="formulario-captura"' not in respuesta.text


def test_documento_invalido_muestra_error(cliente_de, operador_miraflores, tipo):
    respuesta = buscar(cliente_de(operador_miraflores), tipo, "12AB")

    assert "no es un DNI" in respuesta.text


def test_hogar_de_otro_distrito_no_aparece(cliente_de, sub_surco, tipo, hogar):
    respuesta = buscar(cliente_de(sub_surco), tipo, "04070004")

    assert respuesta.context.get("hogar") is None
    assert "HUAMAN" not in respuesta.text
    assert "padrón de otro distrito" in respuesta.text


def test_formulario_es_para_celular(cliente_de, operador_miraflores, tipo, hogar):
    texto = buscar(cliente_de(operador_miraflores), tipo, "04070004").text

    assert 'accept="image/*"' in texto
    assert 'capture="environment"' in texto
    assert 'type="datetime-local"' in texto
    assert 'id="uuid-cliente"' in texto
    assert 'id="estado-gps"' in texto
    assert "js/captura.js" in texto


def test_pagina_sin_scripts_en_linea(cliente_de, operador_miraflores, tipo, hogar):
    texto = buscar(cliente_de(operador_miraflores), tipo, "04070004").text

    etiquetas = re.findall(r"<script[^>]*>", texto)
    assert etiquetas
    assert all("src=" in etiqueta for etiqueta in etiquetas)
    assert " onclick=" not in texto
    assert " onchange=" not in texto


# --- Paso 2: registro ---


def test_registro_redirige_a_confirmacion(cliente_de, operador_miraflores, tipo, hogar, almacen):
    cliente = cliente_de(operador_miraflores)

    respuesta = cliente.post(NUEVA, datos_formulario(tipo))

    entrega = Entrega.objects.get()
    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse("entregas:captura_hecha", args=[entrega.pk])
    assert entrega.beneficiario == hogar
    assert entrega.origen == Entrega.Origen.WEB
    assert entrega.telefono == "987654321"
    assert str(entrega.latitud) == "-12.121123"
    assert entrega.precision_m == 15
    assert entrega.estado == Entrega.Estado.VALIDA
    assert len(archivos_en(almacen)) == 1


def test_confirmacion_muestra_lo_registrado(cliente_de, operador_miraflores, tipo, hogar):
    cliente = cliente_de(operador_miraflores)
    cliente.post(NUEVA, datos_formulario(tipo))
    entrega = Entrega.objects.get()

    respuesta = cliente.get(reverse("entregas:captura_hecha", args=[entrega.pk]))

    assert respuesta.status_code == 200
    assert "ELVA HUAMAN TORRES" in respuesta.text
    assert "15/01/2026 09:30" in respuesta.text
    assert "Registrar la siguiente entrega" in respuesta.text
    assert "Entrega registrada" in respuesta.text


def test_inicio_del_operador_lista_sus_entregas(cliente_de, operador_miraflores, sub_miraflores, tipo, hogar):
    cliente = cliente_de(operador_miraflores)
    cliente.post(NUEVA, datos_formulario(tipo))
    ajena = EntregaFactory(operador=sub_miraflores, nombres_receptor="OTRA PERSONA")

    respuesta = cliente.get(reverse("inicio"))

    assert reverse("entregas:nueva") in respuesta.text
    assert "ELVA HUAMAN TORRES" in respuesta.text
    assert ajena.nombres_receptor not in respuesta.text


def test_doble_envio_devuelve_la_misma_entrega(cliente_de, operador_miraflores, tipo, hogar, almacen):
    cliente = cliente_de(operador_miraflores)
    datos = datos_formulario(tipo)
    primera = cliente.post(NUEVA, datos)
    datos["foto_dni_planilla"] = foto_jpeg()

    segunda = cliente.post(NUEVA, datos)

    assert segunda.status_code == 302
    assert segunda["Location"] == primera["Location"]
    assert Entrega.objects.count() == 1
    assert len(archivos_en(almacen)) == 1


def test_fuera_del_padron_queda_observada(cliente_de, operador_miraflores, tipo):
    datos = datos_formulario(tipo, "45454545", fuera_padron="True", motivo_inclusion="Familia llegada tras el huaico")

    respuesta = cliente_de(operador_miraflores).post(NUEVA, datos)

    entrega = Entrega.objects.get()
    assert respuesta.status_code == 302
    assert entrega.beneficiario is None
    assert entrega.estado == Entrega.Estado.OBSERVADA
    assert entrega.motivo_inclusion == "Familia llegada tras el huaico"


def test_sin_gps_se_guarda_observada(cliente_de, operador_miraflores, tipo, hogar):
    datos = datos_formulario(tipo, latitud="", longitud="", precision_m="")

    cliente_de(operador_miraflores).post(NUEVA, datos)

    assert Entrega.objects.get().estado == Entrega.Estado.OBSERVADA


def nada_escrito(almacen) -> bool:
    return (
        Entrega.objects.count() == 0
        and not RegistroAccion.objects.filter(modelo="entregas.Entrega").exists()
        and archivos_en(almacen) == []
    )


def test_sin_foto_muestra_error(cliente_de, operador_miraflores, tipo, hogar, almacen):
    datos = datos_formulario(tipo)
    del datos["foto_dni_planilla"]

    respuesta = cliente_de(operador_miraflores).post(NUEVA, datos)

    assert respuesta.status_code == 200
    assert respuesta.context["formulario"].errors["foto_dni_planilla"]
    assert "No se guardó la entrega" in respuesta.text
    assert nada_escrito(almacen)


def test_texto_renombrado_jpg_se_rechaza(cliente_de, operador_miraflores, tipo, hogar, almacen):
    datos = datos_formulario(tipo, foto_dni_planilla=texto_como_jpg())

    respuesta = cliente_de(operador_miraflores).post(NUEVA, datos)

    assert "no es una imagen" in respuesta.text
    assert nada_escrito(almacen)


def test_foto_de_persona_sin_consentimiento_se_rechaza(cliente_de, operador_miraflores, tipo, hogar, almacen):
    datos = datos_formulario(tipo, foto_beneficiario=foto_jpeg("persona.jpg"))

    respuesta = cliente_de(operador_miraflores).post(NUEVA, datos)

    assert respuesta.context["formulario"].errors["foto_beneficiario"]
    assert nada_escrito(almacen)


def test_foto_de_persona_con_consentimiento(cliente_de, operador_miraflores, tipo, hogar, almacen):
    datos = datos_formulario(tipo, foto_beneficiario=foto_jpeg("persona.jpg"), consentimiento_foto="on")

    cliente_de(operador_miraflores).post(NUEVA, datos)

    assert Entrega.objects.get().foto_beneficiario.name.startswith("evidencias/")
    assert len(archivos_en(almacen)) == 2


def test_fuera_del_padron_sin_motivo_se_rechaza(cliente_de, operador_miraflores, tipo, almacen):
    datos = datos_formulario(tipo, "45454545", fuera_padron="True")

    respuesta = cliente_de(operador_miraflores).post(NUEVA, datos)

    assert respuesta.context["formulario"].errors["motivo_inclusion"]
    assert nada_escrito(almacen)


def test_fecha_futura_se_rechaza(cliente_de, operador_miraflores, tipo, hogar, almacen):
    datos = datos_formulario(tipo, fecha_entrega="2099-01-01T10:00")

    respuesta = cliente_de(operador_miraflores).post(NUEVA, datos)

    assert "posterior a la hora actual" in respuesta.text
    assert nada_escrito(almacen)


def test_ya_entregado_al_guardar_nombra_operador(cliente_de, operador_miraflores, sub_miraflores, tipo, hogar, almacen):
    sub_miraflores.first_name, sub_miraflores.last_name = "Carmen", "Rojas"
    sub_miraflores.save()
    EntregaFactory(beneficiario=hogar, tipo_registro=tipo, operador=sub_miraflores)

    respuesta = cliente_de(operador_miraflores).post(NUEVA, datos_formulario(tipo))

    assert "Carmen Rojas" in respuesta.text
    assert Entrega.objects.count() == 1
    assert archivos_en(almacen) == []


def test_tipo_inactivo_se_rechaza_al_guardar(cliente_de, operador_miraflores, hogar, almacen):
    inactivo = TipoRegistroFactory(nombre="Canasta vieja", activo=False)

    respuesta = cliente_de(operador_miraflores).post(NUEVA, datos_formulario(inactivo))

    assert "está desactivado" in respuesta.text
    assert nada_escrito(almacen)


def test_administrador_no_registra(cliente_de, admin, tipo, hogar, almacen):
    respuesta = cliente_de(admin).post(NUEVA, datos_formulario(tipo))

    assert respuesta.status_code == 403
    assert nada_escrito(almacen)


# --- Confirmación: solo autor, subadministrador del distrito y administrador ---


@pytest.fixture
def captura(operador_miraflores, tipo, hogar):
    return EntregaFactory(beneficiario=hogar, tipo_registro=tipo, operador=operador_miraflores)


@pytest.mark.parametrize(
    "actor,esperado",
    [("operador_miraflores", 200), ("sub_miraflores", 200), ("admin", 200), ("sub_surco", 404)],
)
def test_confirmacion_segun_actor(actor, esperado, captura, request, cliente_de):
    cliente = cliente_de(request.getfixturevalue(actor))

    respuesta = cliente.get(reverse("entregas:captura_hecha", args=[captura.pk]))

    assert respuesta.status_code == esperado


def test_confirmacion_de_otro_operador_es_404(captura, cliente_de):
    otro = crear_usuario("operador.dos", Rol.OPERADOR, MIRAFLORES)

    respuesta = cliente_de(otro).get(reverse("entregas:captura_hecha", args=[captura.pk]))

    assert respuesta.status_code == 404


def test_busquedas_seguidas_se_limitan_por_usuario(cliente_de, operador_miraflores, tipo, hogar, settings):
    settings.CANASTAS_BUSQUEDAS_POR_MINUTO = 3
    cliente = cliente_de(operador_miraflores)
    parametros = {"tipo_registro": tipo.pk, "tipo_documento": "DNI", "numero": hogar.numero_documento}

    respuestas = [cliente.get(NUEVA, parametros) for _ in range(4)]

    assert all(hogar.nombres in r.content.decode() for r in respuestas[:3])
    assert "Hizo demasiadas búsquedas seguidas" in respuestas[3].content.decode()
    assert hogar.nombres not in respuestas[3].content.decode()
