"""El correo de la cuenta no lo cambia el propio usuario: sirve para recuperar la clave."""

import pytest

from tests.conftest import MIRAFLORES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/cuentas/email/", "/cuentas/confirm-email/", "/cuentas/confirm-email/abc/"])
def test_paginas_de_correo_de_allauth_no_existen(cliente_de, operador_miraflores, url):
    assert cliente_de(operador_miraflores).get(url).status_code == 404


def test_agregar_correo_no_cambia_la_cuenta(cliente_de, operador_miraflores):
    correo_antes = operador_miraflores.email

    respuesta = cliente_de(operador_miraflores).post(
        "/cuentas/email/", {"email": "nuevo@ejemplo.pe", "action_add": ""}
    )

    operador_miraflores.refresh_from_db()
    assert respuesta.status_code == 404
    assert operador_miraflores.email == correo_antes
    assert operador_miraflores.distrito_id == MIRAFLORES

