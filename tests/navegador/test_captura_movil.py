"""Captura de una entrega en Chromium con pantalla de celular, GPS simulado y una foto hecha con Pillow.

La página corre con una CSP que prohíbe scripts y estilos en línea, como la de producción.
"""

import re

import pytest

from entregas.models import Entrega
from tests.conftest import CLAVE, MIRAFLORES, crear_usuario
from tests.entregas.apoyo_captura import bytes_jpeg, usar_almacen_temporal
from tests.fabricas import BeneficiarioFactory, TipoRegistroFactory
from tests.navegador.conftest import ingresar
from usuarios.models import Rol

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("ubigeos")]

CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"
# Parque Kennedy, Miraflores.
UBICACION = {"latitude": -12.121107, "longitude": -77.029752, "accuracy": 18}


def agregar_csp(route):
    # Solo las páginas (GET): reenviar el POST con route.fetch() perdería la foto adjunta.
    if route.request.method != "GET":
        route.continue_()
        return
    respuesta = route.fetch()
    route.fulfill(response=respuesta, headers={**respuesta.headers, "content-security-policy": CSP})


@pytest.fixture
def celular(navegador):
    contexto = navegador.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="es-PE",
        timezone_id="America/Lima",
        geolocation=UBICACION,
        permissions=["geolocation"],
    )
    pagina = contexto.new_page()
    pagina.set_default_timeout(15_000)
    yield pagina
    contexto.close()


def test_operador_registra_entrega_desde_celular(celular, live_server, settings, tmp_path):
    usar_almacen_temporal(settings, tmp_path / "almacen")
    TipoRegistroFactory(nombre="Canasta DU 033-2020 — 1.ª entrega")
    BeneficiarioFactory(
        numero_documento="04070004", apellido_paterno="HUAMAN", apellido_materno="TORRES", nombres="ELVA"
    )
    crear_usuario("operador.movil", Rol.OPERADOR, MIRAFLORES, first_name="Ana", last_name="Flores")
    foto = tmp_path / "dni_planilla.jpg"
    foto.write_bytes(bytes_jpeg(640, 480))
    errores = []
    celular.on("pageerror", lambda error: errores.append(str(error)))
    celular.on("console", lambda mensaje: mensaje.type == "error" and errores.append(mensaje.text))
    celular.route(re.compile(r".*/entregas/nueva/.*"), agregar_csp)

    ingresar(celular, live_server, "operador.movil", CLAVE)
    # El enlace de la página de inicio (el menú de arriba tiene otro igual).
    celular.locator("main").get_by_role("link", name="Registrar entrega").first.click()

    # Paso 1: el DNI escrito con espacios y sin el cero inicial encuentra el hogar.
    celular.get_by_label("Tipo de registro").select_option(label="Canasta DU 033-2020 — 1.ª entrega")
    celular.get_by_label("Número de documento").fill("4 070 004")
    celular.get_by_role("button", name="Buscar").click()
    celular.get_by_text("HUAMAN TORRES, ELVA").wait_for()

    # Paso 2: el GPS simulado llena el punto; se adjunta la foto y se guarda.
    celular.get_by_text("Ubicación obtenida").wait_for()
    assert celular.locator("#latitud").input_value() == "-12.121107"
    assert celular.locator("#uuid-cliente").input_value() != ""
    assert celular.locator("#bloque-foto-persona").is_hidden()
    celular.get_by_label("De 0 a 5 años").fill("2")
    celular.get_by_label("Foto del DNI junto a la planilla firmada").set_input_files(str(foto))
    ancho_pagina = celular.evaluate("document.documentElement.scrollWidth")
    celular.screenshot(path=str(tmp_path / "captura.png"), full_page=True)
    celular.get_by_role("button", name="Guardar entrega").click()

    # Confirmación con lo registrado.
    celular.get_by_role("heading", name="Entrega registrada").wait_for()
    assert celular.get_by_text("ELVA HUAMAN TORRES").is_visible()
    assert celular.get_by_text("-12.121107, -77.029752").is_visible()
    assert celular.get_by_role("link", name="Registrar la siguiente entrega").is_visible()

    entrega = Entrega.objects.get()
    assert entrega.estado == Entrega.Estado.VALIDA
    assert entrega.miembros_0_5 == 2
    assert entrega.precision_m == 18
    assert entrega.dispositivo != ""

    # El inicio del operador la lista entre sus últimas entregas.
    celular.get_by_role("link", name="Ir al inicio").click()
    fila = celular.locator("tbody tr").filter(has_text="04070004")
    assert fila.count() == 1
    assert "Válida" in fila.inner_text()

    assert ancho_pagina <= 390
    assert errores == []


def test_sin_permiso_de_ubicacion_avisa_y_guarda_observada(navegador, live_server, settings, tmp_path):
    usar_almacen_temporal(settings, tmp_path / "almacen")
    tipo = TipoRegistroFactory()
    BeneficiarioFactory(numero_documento="04070004")
    crear_usuario("operador.movil", Rol.OPERADOR, MIRAFLORES)
    foto = tmp_path / "dni.jpg"
    foto.write_bytes(bytes_jpeg())
    contexto = navegador.new_context(viewport={"width": 390, "height": 844}, locale="es-PE", timezone_id="America/Lima")
    pagina = contexto.new_page()
    pagina.set_default_timeout(15_000)

    try:
        ingresar(pagina, live_server, "operador.movil", CLAVE)
        pagina.goto(f"{live_server.url}/entregas/nueva/?tipo_registro={tipo.pk}&tipo_documento=DNI&numero=04070004")
        pagina.get_by_text("quedará observada").first.wait_for()
        pagina.get_by_label("Foto del DNI junto a la planilla firmada").set_input_files(str(foto))
        pagina.get_by_role("button", name="Guardar entrega").click()
        pagina.get_by_role("heading", name="Entrega registrada").wait_for()
    finally:
        contexto.close()

    entrega = Entrega.objects.get()
    assert entrega.estado == Entrega.Estado.OBSERVADA
    assert entrega.latitud is None
