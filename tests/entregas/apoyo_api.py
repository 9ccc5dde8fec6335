"""Ayudas de las pruebas de la API del aplicativo: tokens, fotos y el formulario de una entrega."""

import io
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from tests.conftest import CLAVE

URL_INGRESO = "/api/v1/_allauth/app/v1/auth/login"
URL_SESION = "/api/v1/_allauth/app/v1/auth/session"


def ingresar(client, usuario) -> str:
    """Ingresa por allauth headless (cliente «app») con usuario y clave; devuelve el token."""
    respuesta = client.post(
        URL_INGRESO, {"username": usuario.username, "password": CLAVE}, content_type="application/json"
    )
    assert respuesta.status_code == 200, respuesta.content
    return respuesta.json()["meta"]["session_token"]


def token_directo(usuario) -> str:
    """Crea la sesión que dejaría el ingreso, sin calcular PBKDF2 (para los barridos)."""
    sesion = SessionStore()
    sesion[SESSION_KEY] = str(usuario.pk)
    sesion[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    sesion[HASH_SESSION_KEY] = usuario.get_session_auth_hash()
    sesion.create()
    return sesion.session_key


def cliente_api(token: str | None) -> Client:
    """Cliente sin cookies que manda el token en X-Session-Token, como el aplicativo."""
    if token is None:
        return Client()
    return Client(headers={"X-Session-Token": token})


def bytes_jpeg(ancho: int = 64, alto: int = 48) -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (ancho, alto), (200, 120, 40)).save(salida, format="JPEG", quality=80)
    return salida.getvalue()


def foto(nombre: str = "dni_planilla.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, bytes_jpeg(), content_type="image/jpeg")


def formulario_entrega(tipo_registro, numero_documento: str, **cambios) -> dict:
    """Campos multipart de una entrega válida a un hogar del padrón, con su foto del DNI."""
    campos = {
        "uuid_cliente": str(uuid.uuid4()),
        "tipo_registro": str(tipo_registro.pk),
        "tipo_documento": "DNI",
        "numero_documento": numero_documento,
        "tipo_entrega": "domicilio",
        "miembros_18_59": "2",
        "miembros_0_5": "1",
        "latitud": "-12.121000",
        "longitud": "-77.030000",
        "precision_m": "12",
        "fecha_entrega": (timezone.now() - timedelta(minutes=5)).isoformat(),
        "dispositivo": "Android 14; Canastas Perú 2.1",
        "foto_dni_planilla": foto(),
    }
    campos.update(cambios)
    return {clave: valor for clave, valor in campos.items() if valor is not None}


@pytest.fixture
def almacen_temporal(settings, tmp_path):
    """Guarda las fotos de la prueba en una carpeta temporal y no en la de datos del proyecto."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    return tmp_path
