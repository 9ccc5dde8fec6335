"""Sin token CSRF ningún POST pasa: cada URL de la plataforma responde 403 y la base no cambia.

Las URLs salen de las tablas del barrido de permisos (tests/<app>/rutas*.py), así una
URL nueva queda cubierta sola. La API del aplicativo no usa cookies: se autentica
con X-Session-Token y queda fuera de CSRF (ver test_api_sin_cookie_no_usa_sesion_web).
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.seguridad.apoyo import OBJETOS, actor_permitido, foto_de_la_base, nombres_de_urls, rutas_por_nombre, url_de

pytestmark = pytest.mark.django_db

RUTAS = rutas_por_nombre()
NOMBRES = nombres_de_urls()


def _cliente_con_cookie_csrf(usuario=None) -> Client:
    """Cliente que exige CSRF y ya tiene la cookie csrftoken, pero no enviará el token."""
    cliente = Client(enforce_csrf_checks=True)
    if usuario is not None:
        cliente.force_login(usuario)
        cliente.get(reverse("inicio"))
    else:
        cliente.get(reverse("account_login"))
    assert "csrftoken" in cliente.cookies
    return cliente


@pytest.mark.parametrize("nombre", NOMBRES)
def test_post_sin_token_csrf_rechazado(nombre, request, sub_miraflores):
    ruta = RUTAS[nombre]
    actor = request.getfixturevalue(actor_permitido(ruta))
    objeto = OBJETOS[ruta.objeto](sub_miraflores) if ruta.objeto else None
    url = url_de(ruta, objeto)
    cliente = _cliente_con_cookie_csrf(actor)
    antes = foto_de_la_base()

    respuesta = cliente.post(url, dict(ruta.datos))

    assert respuesta.status_code == 403, url
    assert "CSRF" in respuesta.content.decode() or "seguridad" in respuesta.content.decode().lower()
    assert foto_de_la_base() == antes


@pytest.mark.parametrize(
    "nombre,datos",
    [
        ("account_login", {"login": "sub.miraflores", "password": "Clave-de-prueba-2026"}),
        ("account_reset_password", {"email": "sub.miraflores@prueba.pe"}),
    ],
)
def test_cuentas_sin_token_csrf_rechazadas(nombre, datos, mailoutbox, sub_miraflores):
    cliente = _cliente_con_cookie_csrf()

    respuesta = cliente.post(reverse(nombre), datos)

    assert respuesta.status_code == 403
    assert "_auth_user_id" not in cliente.session
    assert mailoutbox == []


def test_salir_sin_token_csrf_no_cierra_sesion(sub_miraflores):
    cliente = _cliente_con_cookie_csrf(sub_miraflores)

    respuesta = cliente.post(reverse("account_logout"))

    assert respuesta.status_code == 403
    assert cliente.get(reverse("inicio")).status_code == 200


def test_api_sin_cookie_no_usa_sesion_web(operador_miraflores):
    # Una página ajena que envía un POST a la API solo lleva la cookie de sesión:
    # la API la ignora y exige X-Session-Token, así que no hay CSRF que explotar.
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(operador_miraflores)

    respuesta = cliente.post("/api/v1/entregas", {"uuid_cliente": "x"})

    assert respuesta.status_code == 401
    assert respuesta.json()["codigo"] == "no-autenticado"
