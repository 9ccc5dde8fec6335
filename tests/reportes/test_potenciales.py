"""Primer reporte: potenciales beneficiarios por departamento, provincia y distrito."""

import pytest
from django.urls import reverse

from beneficiarios.models import Beneficiario
from tests.fabricas import BeneficiarioFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def padron_en_tres_departamentos():
    BeneficiarioFactory.create_batch(3, distrito_id="150122", miembros_hogar=4)  # Lima, Lima, Miraflores
    BeneficiarioFactory.create_batch(2, distrito_id="150140", miembros_hogar=2)  # Lima, Lima, Surco
    BeneficiarioFactory(distrito_id="040101", miembros_hogar=5)  # Arequipa
    BeneficiarioFactory(distrito_id="080101", miembros_hogar=1, estado=Beneficiario.Estado.BAJA)  # Cusco


def fila_de(respuesta, codigo):
    return next(fila for fila in respuesta.context["filas"] if fila["area"].codigo == codigo)


def test_nacional_cuenta_por_departamento(cliente_de, invitado_nacional, padron_en_tres_departamentos):
    respuesta = cliente_de(invitado_nacional).get(reverse("reportes:nacional"))

    assert len(respuesta.context["filas"]) == 25
    assert fila_de(respuesta, "15")["hogares"] == 5
    assert fila_de(respuesta, "15")["personas"] == 16
    assert fila_de(respuesta, "04")["hogares"] == 1
    assert fila_de(respuesta, "08")["hogares"] == 0  # los hogares dados de baja no cuentan
    assert respuesta.context["total"] == {"hogares": 6, "personas": 21}


def test_nacional_enlaza_al_departamento(cliente_de, invitado_nacional, padron_en_tres_departamentos):
    pagina = cliente_de(invitado_nacional).get(reverse("reportes:nacional")).content.decode()

    assert reverse("reportes:departamento", args=["15"]) in pagina
    assert "Áncash" in pagina


def test_departamento_cuenta_por_provincia(cliente_de, invitado_nacional, padron_en_tres_departamentos):
    respuesta = cliente_de(invitado_nacional).get(reverse("reportes:departamento", args=["15"]))

    assert fila_de(respuesta, "1501")["hogares"] == 5
    assert respuesta.context["total"]["hogares"] == 5
    assert reverse("reportes:provincia", args=["1501"]) in respuesta.content.decode()


def test_provincia_cuenta_por_distrito(cliente_de, invitado_nacional, padron_en_tres_departamentos):
    respuesta = cliente_de(invitado_nacional).get(reverse("reportes:provincia", args=["1501"]))

    assert fila_de(respuesta, "150122")["hogares"] == 3
    assert fila_de(respuesta, "150140")["hogares"] == 2
    assert len(respuesta.context["filas"]) == 43


def test_distrito_muestra_sus_cifras_y_migas(cliente_de, invitado_nacional, padron_en_tres_departamentos):
    respuesta = cliente_de(invitado_nacional).get(reverse("reportes:distrito", args=["150122"]))
    pagina = respuesta.content.decode()

    assert respuesta.context["cifras"] == {"hogares": 3, "personas": 12}
    assert reverse("reportes:provincia", args=["1501"]) in pagina
    assert reverse("reportes:departamento", args=["15"]) in pagina


def test_reporte_no_muestra_datos_personales(cliente_de, invitado_nacional):
    BeneficiarioFactory(distrito_id="150122", numero_documento="48888888", apellido_paterno="ZEVALLOS")

    for url in [
        reverse("reportes:nacional"),
        reverse("reportes:departamento", args=["15"]),
        reverse("reportes:provincia", args=["1501"]),
        reverse("reportes:distrito", args=["150122"]),
    ]:
        pagina = cliente_de(invitado_nacional).get(url).content.decode()
        assert "48888888" not in pagina
        assert "ZEVALLOS" not in pagina


def test_codigo_inexistente_es_404(cliente_de, invitado_nacional):
    assert cliente_de(invitado_nacional).get(reverse("reportes:departamento", args=["99"])).status_code == 404
