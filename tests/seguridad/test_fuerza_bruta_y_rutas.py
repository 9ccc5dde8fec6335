"""Fuerza bruta en el ingreso y rutas de archivo con «..»: el ingreso se bloquea y ningún archivo sale de su carpeta."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beneficiarios.models import Importacion
from tests.conftest import CLAVE
from tests.entregas.apoyo_api import URL_INGRESO
from tests.entregas.rutas_capturas import foto_jpeg
from tests.fabricas import EntregaFactory

pytestmark = pytest.mark.django_db

INTENTOS = 20  # acotado: el bucle termina solo, muy por encima de CANASTAS_INTENTOS_INGRESO (5)


def test_fuerza_bruta_web_termina_bloqueada(client, sub_miraflores):
    estados = []
    for numero in range(INTENTOS):
        respuesta = client.post(reverse("account_login"), {"login": sub_miraflores.username, "password": f"clave-{numero}"})
        estados.append(respuesta.status_code)

    con_la_clave_correcta = client.post(reverse("account_login"), {"login": sub_miraflores.username, "password": CLAVE})

    assert estados[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(estados[settings.AXES_FAILURE_LIMIT:]) == {429}
    assert con_la_clave_correcta.status_code == 429
    assert "_auth_user_id" not in client.session


def test_fuerza_bruta_por_api_termina_bloqueada(client, operador_miraflores):
    estados = []
    for numero in range(INTENTOS):
        respuesta = client.post(URL_INGRESO, {"username": operador_miraflores.username, "password": f"clave-{numero}"},
                                content_type="application/json")
        estados.append(respuesta.status_code)

    con_la_clave_correcta = client.post(URL_INGRESO, {"username": operador_miraflores.username, "password": CLAVE},
                                        content_type="application/json")

    assert estados[-1] == 429
    assert con_la_clave_correcta.status_code == 429
    assert "session_token" not in con_la_clave_correcta.content.decode()


def test_bloqueo_por_correo_suma_al_del_usuario(client, sub_miraflores):
    # Alternar usuario y correo no duplica los intentos permitidos.
    for numero in range(settings.AXES_FAILURE_LIMIT):
        dato = sub_miraflores.email.upper() if numero % 2 else sub_miraflores.username
        client.post(reverse("account_login"), {"login": dato, "password": f"clave-{numero}"})

    respuesta = client.post(reverse("account_login"), {"login": sub_miraflores.username, "password": CLAVE})

    assert respuesta.status_code == 429


# Rutas de archivo


@pytest.mark.parametrize("nombre", ["../../etc/passwd.csv", "..\\..\\etc\\passwd.csv", "/etc/passwd.csv",
                                    "padron/../../../x.csv"])
def test_nombre_de_subida_no_elige_la_ruta(nombre, client, sub_miraflores, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "media"}}}
    contenido = b"tipo_documento,numero_documento,apellido_paterno,nombres,direccion,miembros_hogar\nDNI,41000001,QUISPE,ROSA,JR. LIMA 1,4\n"
    client.force_login(sub_miraflores)

    client.post(reverse("beneficiarios:importaciones"), {"archivo": SimpleUploadedFile(nombre, contenido, "text/csv")})
    importacion = Importacion.objects.get()
    guardado = Path(importacion.archivo.path).resolve()

    assert guardado.is_relative_to((tmp_path / "media").resolve())
    assert ".." not in importacion.archivo.name
    assert not importacion.archivo.name.startswith("/")
    assert not (Path("/etc") / "passwd.csv").exists()


@pytest.mark.parametrize("cual", ["..", "../dni", "..%2Fdni", "%2e%2e", "dni/../../settings.py", "planilla", "ruta"])
def test_foto_no_acepta_rutas(cual, client, sub_miraflores):
    entrega = EntregaFactory(operador=sub_miraflores, foto_dni_planilla=foto_jpeg())
    client.force_login(sub_miraflores)

    respuesta = client.get(f"/entregas/{entrega.pk}/foto/{cual}/")

    assert respuesta.status_code == 404


def test_foto_sin_sesion_no_sirve(client, sub_miraflores):
    entrega = EntregaFactory(operador=sub_miraflores, foto_dni_planilla=foto_jpeg())

    respuesta = client.get(reverse("entregas:foto", args=[entrega.pk]))

    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("account_login"))


def test_foto_con_nombre_de_ruta_no_se_guarda(sub_miraflores):
    with pytest.raises(SuspiciousFileOperation):
        EntregaFactory(operador=sub_miraflores, foto_dni_planilla=foto_jpeg(nombre="../../etc/passwd.jpg"))


def test_foto_se_descarga_con_nombre_propio_y_nosniff(client, sub_miraflores):
    entrega = EntregaFactory(operador=sub_miraflores, foto_dni_planilla=foto_jpeg(nombre="passwd.jpg"))
    client.force_login(sub_miraflores)

    respuesta = client.get(reverse("entregas:foto", args=[entrega.pk]))
    disposicion = respuesta["Content-Disposition"]

    assert respuesta.status_code == 200
    assert f"entrega-{entrega.pk}-dni" in disposicion
    assert ".." not in disposicion
    assert "passwd" not in disposicion
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert ".." not in entrega.foto_dni_planilla.name


def test_archivos_no_se_publican_por_url(client, sub_miraflores):
    # Ninguna URL sirve la carpeta de archivos: la foto solo sale por la vista que revisa rol y distrito.
    entrega = EntregaFactory(operador=sub_miraflores, foto_dni_planilla=foto_jpeg())
    client.force_login(sub_miraflores)

    assert client.get(default_storage.url(entrega.foto_dni_planilla.name)).status_code == 404
    assert client.get(f"/{entrega.foto_dni_planilla.name}").status_code == 404
    assert client.get(f"/media/{entrega.foto_dni_planilla.name}").status_code == 404
