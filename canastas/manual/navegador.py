"""Recorre la tabla de capturas con Playwright sobre un servidor ya levantado."""

import io
import os
import urllib.parse
from itertools import groupby

import django

CHROMIUM = "/usr/bin/chromium"
ARGUMENTOS_CHROMIUM = ["--no-sandbox", "--disable-background-networking"]
COLORES_PNG = 256  # paleta: capturas de interfaz legibles y de pocas decenas de KB


def capturar_todo(origen: str, datos: dict, solo: set[str]) -> int:
    """Captura cada fila de CAPTURAS (o solo las de `solo`). Devuelve 0, o 1 si alguna página falló."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "canastas.settings")
    django.setup()
    from playwright.sync_api import sync_playwright

    from canastas.manual.capturas import CAPTURAS
    from canastas.manual.capturar import CARPETA_IMAGENES, CLAVE_DEMO, GPS_DEMO

    CARPETA_IMAGENES.mkdir(parents=True, exist_ok=True)
    pendientes = [c for c in CAPTURAS if not solo or c.archivo in solo]
    fallas = []
    with sync_playwright() as playwright:
        navegador = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTOS_CHROMIUM, headless=True)
        try:
            por_sesion = sorted(pendientes, key=lambda c: (c.usuario, c.vista))
            for (usuario, vista), grupo in groupby(por_sesion, key=lambda c: (c.usuario, c.vista)):
                contexto = navegador.new_context(
                    viewport={"width": vista[0], "height": vista[1]}, locale="es-PE",
                    timezone_id="America/Lima", geolocation=GPS_DEMO, permissions=["geolocation"],
                )
                pagina = contexto.new_page()
                if usuario:
                    _ingresar(pagina, origen, usuario, CLAVE_DEMO)
                for captura in grupo:
                    error = _capturar(pagina, origen, captura, datos, CARPETA_IMAGENES)
                    if error:
                        fallas.append(error)
                contexto.close()
        finally:
            navegador.close()

    for falla in fallas:
        print(f"ERROR: {falla}")
    return 1 if fallas else 0


def _ingresar(pagina, origen: str, usuario: str, clave: str) -> None:
    from django.urls import reverse

    pagina.goto(origen + reverse("account_login"))
    pagina.fill("#id_login", usuario)
    pagina.fill("#id_password", clave)
    pagina.click("button[type=submit]")
    pagina.wait_for_load_state("networkidle")
    if "/cuentas/" in pagina.url:
        raise RuntimeError(f"No se pudo ingresar como {usuario}: ¿se crearon los usuarios de demostración?")


def url_de(captura, datos: dict) -> str | None:
    """Ruta de la captura con los ids de los datos de demostración; None si la URL aún no existe."""
    from django.urls import NoReverseMatch, reverse

    argumentos = []
    if captura.objeto:
        valor = datos["objetos"][captura.objeto]
        if isinstance(valor, dict):
            valor = valor[captura.usuario]
        argumentos = [valor]
    try:
        ruta = reverse(captura.url, args=argumentos)
    except NoReverseMatch:
        if captura.opcional:
            return None
        raise
    if captura.consulta:
        ruta += "?" + urllib.parse.urlencode(datos["consultas"][captura.consulta])
    return ruta


def _capturar(pagina, origen: str, captura, datos: dict, carpeta) -> str:
    ruta = url_de(captura, datos)
    if ruta is None:
        print(f"AVISO: la URL {captura.url} aún no existe; se omite {captura.archivo}.")
        return ""

    respuesta = pagina.goto(origen + ruta, wait_until="networkidle")
    if respuesta is None or respuesta.status != 200:
        estado = respuesta.status if respuesta else "sin respuesta"
        return f"{captura.archivo}: {ruta} respondió {estado} a {captura.usuario or 'sin sesión'}"
    if captura.enfocar:
        pagina.locator(captura.enfocar).first.evaluate("e => e.scrollIntoView({block: 'start'})")
    png = pagina.screenshot(animations="disabled", caret="hide")
    _guardar_compacto(png, carpeta / captura.archivo)
    print(f"Captura {captura.archivo} ← {ruta} ({captura.usuario or 'sin sesión'})")
    return ""


def _guardar_compacto(png: bytes, destino) -> None:
    from PIL import Image

    imagen = Image.open(io.BytesIO(png)).convert("RGB")
    imagen.quantize(colors=COLORES_PNG, method=Image.Quantize.MEDIANCUT).save(destino, optimize=True)
