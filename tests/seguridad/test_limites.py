"""Límites de frecuencia: ingreso y recuperación de clave (allauth) y la API del aplicativo.

Los contadores viven en la caché de PostgreSQL, compartida por los procesos de gunicorn.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import CLAVE
from tests.entregas.apoyo_api import cliente_api, token_directo

pytestmark = pytest.mark.django_db


def test_cache_compartida_en_postgresql():
    from django.core.cache import cache

    cache.set("prueba-limite", 7, 60)

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert cache.get("prueba-limite") == 7


def test_ingreso_limitado_por_ip(client, settings, sub_miraflores):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    url = reverse("account_login")

    estados = [client.post(url, {"login": f"nadie{n}", "password": "x"}).status_code for n in range(3)]
    bloqueado = client.post(url, {"login": sub_miraflores.username, "password": CLAVE})

    assert estados == [200, 200, 200]
    assert bloqueado.status_code == 429
    assert "Demasiados intentos" in bloqueado.content.decode()
    assert "_auth_user_id" not in client.session


def test_recuperar_clave_limitado_por_correo(client, mailoutbox, sub_miraflores):
    url = reverse("account_reset_password")

    estados = [client.post(url, {"email": sub_miraflores.email}).status_code for _ in range(6)]

    assert estados[:5] == [302] * 5
    assert estados[5] == 429
    assert len(mailoutbox) == 5


def test_recuperar_clave_limitado_por_ip(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "3/m/ip"}
    url = reverse("account_reset_password")

    estados = [client.post(url, {"email": f"persona{n}@prueba.pe"}).status_code for n in range(4)]

    assert estados == [302, 302, 302, 429]


def test_api_limitada_por_token(settings, operador_miraflores):
    settings.CANASTAS_API_POR_MINUTO_TOKEN = 3
    cliente = cliente_api(token_directo(operador_miraflores))

    estados = [cliente.get("/api/v1/yo").status_code for _ in range(3)]
    limitada = cliente.get("/api/v1/yo")

    assert estados == [200, 200, 200]
    assert limitada.status_code == 429
    assert limitada.json()["codigo"] == "demasiadas-peticiones"
    assert "espere" in limitada.json()["mensaje"]
    assert 1 <= int(limitada["Retry-After"]) <= 60


def test_api_otro_token_no_comparte_limite(settings, operador_miraflores, sub_miraflores):
    settings.CANASTAS_API_POR_MINUTO_TOKEN = 2
    primero = cliente_api(token_directo(operador_miraflores))
    for _ in range(3):
        primero.get("/api/v1/yo")

    respuesta = cliente_api(token_directo(sub_miraflores)).get("/api/v1/yo")

    assert respuesta.status_code == 200


def test_api_limitada_por_ip_aun_sin_token_valido(settings):
    settings.CANASTAS_API_POR_MINUTO_IP = 4
    cliente = cliente_api("token-inventado")

    estados = [cliente.get("/api/v1/yo").status_code for _ in range(4)]
    limitada = cliente.get("/api/v1/tipos-registro")

    assert estados == [401] * 4
    assert limitada.status_code == 429
    assert limitada.json()["codigo"] == "demasiadas-peticiones"


def test_api_ip_falsificada_no_evade_limite(settings):
    # Sin proxies de confianza, X-Forwarded-For no cambia la IP que se cuenta.
    settings.CANASTAS_API_POR_MINUTO_IP = 2
    estados = []
    for n in range(3):
        cliente = cliente_api(None)
        estados.append(cliente.get("/api/v1/yo", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code)

    assert estados == [401, 401, 429]


def test_api_no_guarda_el_token_en_la_cache(settings, operador_miraflores):
    from django.db import connection

    token = token_directo(operador_miraflores)
    cliente_api(token).get("/api/v1/yo")

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM canastas_cache")
        filas = cursor.fetchall()
    assert filas != []
    assert all(token not in clave and token not in valor for clave, valor in filas)
