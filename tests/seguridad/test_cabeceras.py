"""Cabeceras de seguridad: Content-Security-Policy sin scripts en línea, marcos y origen de las teselas."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from canastas.settings import origen_de_teselas

RAIZ = Path(__file__).resolve().parents[2]


def _directivas(respuesta) -> dict[str, list[str]]:
    politica = respuesta["Content-Security-Policy"]
    directivas = {}
    for parte in politica.split(";"):
        nombre, *valores = parte.split()
        directivas[nombre] = valores
    return directivas


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/cuentas/login/", "/api/v1/docs", "/api/v1/yo"])
def test_csp_sin_en_linea_ni_hosts_externos(client, url):
    directivas = _directivas(client.get(url))

    assert directivas["default-src"] == ["'self'"]
    assert directivas["script-src"] == ["'self'"]
    assert directivas["style-src"] == ["'self'"]
    assert directivas["img-src"] == ["'self'", "data:"]
    assert directivas["connect-src"] == ["'self'"]
    assert directivas["object-src"] == ["'none'"]
    assert directivas["frame-ancestors"] == ["'none'"]
    assert directivas["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_pagina_con_sesion_trae_csp_y_cabeceras(cliente_de, sub_miraflores):
    respuesta = cliente_de(sub_miraflores).get(reverse("inicio"))

    assert "script-src 'self'" in respuesta["Content-Security-Policy"]
    assert respuesta["X-Frame-Options"] == "DENY"
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert respuesta["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "plantilla,origen",
    [
        ("https://tile.ejemplo.org/{z}/{x}/{y}.png", "https://tile.ejemplo.org"),
        ("https://{s}.tile.ejemplo.org/{z}/{x}/{y}.png", "https://*.tile.ejemplo.org"),
        ("http://127.0.0.1:8080/teselas/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
    ],
)
def test_origen_de_teselas(plantilla, origen):
    assert origen_de_teselas(plantilla) == origen


@pytest.mark.parametrize(
    "plantilla",
    ["tile.ejemplo.org/{z}/{x}/{y}.png", "javascript:alert(1)", "https://{x}.ejemplo.org/{z}.png", "https:///{z}.png"],
)
def test_teselas_invalidas_detienen_el_arranque(plantilla):
    with pytest.raises(ImproperlyConfigured):
        origen_de_teselas(plantilla)


def test_host_de_teselas_solo_en_img_src():
    codigo = (
        "from django.conf import settings;"
        "d = settings.CONTENT_SECURITY_POLICY['DIRECTIVES'];"
        "print('|'.join(' '.join(d[k]) for k in ('img-src', 'script-src', 'connect-src', 'default-src')))"
    )
    entorno = {**os.environ, "CANASTAS_MAPA_TILES": "https://{s}.tile.ejemplo.org/{z}/{x}/{y}.png"}
    entorno.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    resultado = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", codigo],
        cwd=RAIZ, env=entorno, capture_output=True, text=True, timeout=120,
    )
    img, script, connect, default = resultado.stdout.strip().split("|")

    assert resultado.returncode == 0, resultado.stderr
    assert img == "'self' data: https://*.tile.ejemplo.org"
    assert script == "'self'"
    assert connect == "'self'"
    assert default == "'self'"
