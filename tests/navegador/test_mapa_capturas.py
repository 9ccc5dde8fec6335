"""Mapa de entregas en Chromium, con una CSP que prohíbe scripts y estilos en línea."""

import pytest

from canastas.models import Distrito
from tests.conftest import CLAVE, MIRAFLORES, crear_usuario
from tests.fabricas import EntregaFactory
from tests.navegador.conftest import ingresar
from usuarios.models import Rol

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("ubigeos")]

# CSP estricta de prueba: solo scripts y estilos servidos desde el propio sitio.
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"

COLOR_LEJANO = "#d35400"


def agregar_csp(route):
    respuesta = route.fetch()
    cabeceras = {**respuesta.headers, "content-security-policy": CSP}
    route.fulfill(response=respuesta, headers=cabeceras)


def anotar_error(errores: list, mensaje) -> None:
    """Guarda los errores de consola, como las violaciones de la CSP. El favicon ausente (404) no cuenta."""
    if mensaje.type == "error" and not mensaje.location.get("url", "").endswith("/favicon.ico"):
        errores.append(mensaje.text)


def test_mapa_dibuja_puntos_y_marca_lejano(pagina, live_server):
    Distrito.objects.filter(pk=MIRAFLORES).update(latitud="-12.121100", longitud="-77.029700")
    subadministrador = crear_usuario("sub.mapa", Rol.SUBADMINISTRADOR, MIRAFLORES)
    EntregaFactory(operador=subadministrador, latitud="-12.125000", longitud="-77.030000")
    EntregaFactory(operador=subadministrador, latitud="-12.480000", longitud="-77.029700")
    errores = []
    pagina.on("console", lambda mensaje: anotar_error(errores, mensaje))
    pagina.on("pageerror", lambda error: errores.append(str(error)))
    ingresar(pagina, live_server, "sub.mapa", CLAVE)
    # La CSP va en la respuesta de la página del mapa, que es la que decide qué puede ejecutarse.
    pagina.route(f"{live_server.url}/entregas/mapa/", agregar_csp)
    pagina.goto(f"{live_server.url}/entregas/mapa/")
    # Dos entregas y la capital del distrito, dibujadas como círculos SVG de Leaflet.
    marcas = pagina.locator(".mapa path.leaflet-interactive")
    marcas.nth(2).wait_for()

    assert marcas.count() == 3
    assert pagina.locator(f'.mapa path[stroke="{COLOR_LEJANO}"]').count() == 1
    assert pagina.locator("tr.punto-lejano").count() == 1
    assert errores == []
