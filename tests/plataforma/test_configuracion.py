"""Configuración: valores de entorno estrictos, producción segura y territorio completo."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from canastas.models import Departamento, Distrito, Provincia

RAIZ = Path(__file__).resolve().parents[2]


def manage(*argumentos, **entorno):
    variables = {**os.environ, **entorno}
    # Lo fija la prueba de navegador en este proceso; en producción nunca está.
    variables.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *argumentos], cwd=RAIZ, env=variables, capture_output=True, text=True, timeout=120
    )


def test_booleano_invalido_detiene_el_arranque():
    resultado = manage("check", DJANGO_DEBUG="quizas")

    assert resultado.returncode != 0
    assert "DJANGO_DEBUG" in resultado.stderr


def test_entero_invalido_detiene_el_arranque():
    resultado = manage("check", CANASTAS_SESION_MINUTOS="media hora")

    assert resultado.returncode != 0
    assert "CANASTAS_SESION_MINUTOS" in resultado.stderr


def test_check_deploy_sin_avisos_en_produccion():
    resultado = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_DEBUG="0", DJANGO_HTTPS="1", CANASTAS_ESTATICOS_MANIFIESTO="1",
        DJANGO_SECRET_KEY="x7$Kq9!vB2#mZp4@Lr8^Wt6&Yn3*Hc5(Jd1)Fg0_Se7+Ua2=Qi9-Ox4",
        DJANGO_ALLOWED_HOSTS="canastas.ejemplo.gob.pe",
    )

    assert resultado.returncode == 0, resultado.stderr
    assert "no issues" in resultado.stdout


def test_idioma_y_zona_horaria():
    assert settings.LANGUAGE_CODE == "es-pe"
    assert settings.TIME_ZONE == "America/Lima"
    assert settings.DEBUG is False


def test_base_de_datos_es_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.django_db
def test_ubigeos_completos_y_repetibles():
    call_command("cargar_ubigeos", verbosity=0)
    call_command("cargar_ubigeos", verbosity=0)

    assert Departamento.objects.count() == 25
    assert Provincia.objects.count() == 196
    assert Distrito.objects.count() == 1893


@pytest.mark.django_db
def test_nombres_oficiales_con_tildes():
    assert Departamento.objects.get(codigo="02").nombre == "Áncash"
    assert Distrito.objects.get(codigo="150122").nombre == "Miraflores"
    assert Distrito.objects.get(codigo="150140").nombre == "Santiago de Surco"


@pytest.mark.django_db
def test_coordenada_solo_si_el_nombre_es_unico():
    # Hay varios distritos «Miraflores»: sin coordenada antes que una equivocada.
    assert Distrito.objects.get(codigo="150122").latitud is None
    assert Distrito.objects.get(codigo="150132").latitud is not None
