"""Pruebas de navegador: Playwright maneja el Chromium de Debian contra el live_server de pytest-django.

Playwright no puede descargar su propio navegador en esta red, así que se usa
/usr/bin/chromium. Sin ese binario las pruebas se omiten con el motivo.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CANASTAS_CHROMIUM", "/usr/bin/chromium")
ARGUMENTOS_CHROMIUM = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def navegador():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip(f"No está {CHROMIUM}; instale el paquete chromium de Debian (make navegador).")

    # Playwright síncrono deja un bucle de eventos en este hilo. Django tomaría
    # por asíncrono el ORM de las fixtures, que en realidad corre fuera del bucle.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        navegador = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTOS_CHROMIUM)
        yield navegador
        navegador.close()


@pytest.fixture
def pagina(navegador):
    contexto = navegador.new_context(locale="es-PE", timezone_id="America/Lima", viewport={"width": 1280, "height": 900})
    pagina = contexto.new_page()
    pagina.set_default_timeout(15_000)
    yield pagina
    contexto.close()


def ingresar(pagina, servidor, usuario, clave):
    pagina.goto(f"{servidor.url}/cuentas/login/")
    pagina.fill("input[name=login]", usuario)
    pagina.fill("input[name=password]", clave)
    pagina.click("button[type=submit]")
    pagina.wait_for_url(f"{servidor.url}/")
