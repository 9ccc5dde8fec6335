"""CSV en flujo: sale por trozos, neutraliza fórmulas y lee las filas en el alcance de la vista."""

import pytest
from django_scopes import scope

from beneficiarios.models import Beneficiario
from canastas.hojas.escritor import csv_en_trozos
from canastas.hojas.respuestas import respuesta_csv_en_flujo
from tests.conftest import MIRAFLORES, SURCO
from tests.fabricas import BeneficiarioFactory


def test_csv_en_trozos_con_bom():
    trozos = list(csv_en_trozos(["nombre"], [[f"fila {n}"] for n in range(1200)], filas_por_trozo=500))

    assert len(trozos) == 3
    assert trozos[0].startswith("\ufeffnombre\r\n".encode())
    assert b"".join(trozos).decode("utf-8").count("\r\n") == 1201


def test_csv_en_trozos_neutraliza_formulas():
    texto = b"".join(csv_en_trozos(["nombre"], [["=HYPERLINK(\"http://x\")"], ["@SUMA(A1)"]])).decode("utf-8")

    assert "'=HYPERLINK" in texto
    assert "'@SUMA" in texto


@pytest.mark.django_db
def test_respuesta_csv_respeta_el_alcance():
    BeneficiarioFactory(distrito_id=MIRAFLORES, numero_documento="41000001")
    BeneficiarioFactory(distrito_id=SURCO, numero_documento="41000002")

    def filas():
        # La consulta se arma recién al enviar, como con un `.iterator()` perezoso.
        yield from Beneficiario.objects.values_list("numero_documento")

    with scope(distrito=[MIRAFLORES]):
        respuesta = respuesta_csv_en_flujo(["documento"], filas(), nombre="padron.csv")
    texto = b"".join(respuesta.streaming_content).decode("utf-8-sig")

    assert respuesta.streaming
    assert respuesta["Content-Disposition"] == 'attachment; filename="padron.csv"'
    assert "41000001" in texto
    assert "41000002" not in texto
