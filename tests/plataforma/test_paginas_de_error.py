"""Páginas de error en castellano: la de acceso denegado dice el motivo que dio la vista."""

import pytest

pytestmark = pytest.mark.django_db


def test_pagina_403_muestra_el_motivo(cliente_de, invitado_nacional):
    respuesta = cliente_de(invitado_nacional).get("/beneficiarios/")

    assert respuesta.status_code == 403
    assert "Esta página es de un distrito y su cuenta es nacional." in respuesta.content.decode()
