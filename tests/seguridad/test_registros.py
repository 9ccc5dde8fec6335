"""El registro técnico lleva ids, nunca números de documento, nombres ni claves.

Se capturan todos los registros (nivel DEBUG) durante una captura por la API, una
importación de padrón con filas rechazadas y un ingreso fallido, y se buscan en ellos
el DNI, el nombre y la clave usados.
"""

import logging

import pytest
from django.urls import reverse

from beneficiarios.models import Beneficiario
from tests.beneficiarios.conftest import importar
from tests.entregas.apoyo_api import almacen_temporal, cliente_api, formulario_entrega, token_directo  # noqa: F401
from tests.fabricas import BeneficiarioFactory, TipoRegistroFactory

pytestmark = pytest.mark.django_db

DNI = "47391826"
APELLIDO = "HUAYLLANI"
NOMBRE = "EUSEBIA"
CLAVE_SECRETA = "Secreta-que-no-debe-salir-9"


def _texto_de_registros(caplog) -> str:
    partes = []
    for registro in caplog.records:
        partes.append(registro.getMessage())
        if registro.exc_text:
            partes.append(registro.exc_text)
    return "\n".join(partes)


def _sin_datos_personales(texto: str) -> None:
    assert DNI not in texto
    assert APELLIDO not in texto.upper()
    assert NOMBRE not in texto.upper()


@pytest.mark.usefixtures("almacen_temporal")
def test_captura_por_api_no_registra_datos_personales(caplog, operador_miraflores):
    caplog.set_level(logging.DEBUG)
    hogar = BeneficiarioFactory(numero_documento=DNI, apellido_paterno=APELLIDO, nombres=NOMBRE)
    tipo = TipoRegistroFactory()
    cliente = cliente_api(token_directo(operador_miraflores))

    cliente.get(f"/api/v1/hogares/{DNI}", {"tipo_registro": tipo.pk})
    respuesta = cliente.post("/api/v1/entregas", formulario_entrega(tipo, hogar.numero_documento,
                                                                   nombres_receptor=f"{NOMBRE} {APELLIDO}"))
    repetida = cliente.post("/api/v1/entregas", formulario_entrega(tipo, hogar.numero_documento))

    assert respuesta.status_code == 201
    assert repetida.status_code == 409
    _sin_datos_personales(_texto_de_registros(caplog))


def test_importacion_no_registra_datos_personales(caplog, tmp_path, sub_miraflores):
    caplog.set_level(logging.DEBUG)
    archivo = tmp_path / "padron.csv"
    archivo.write_text(
        "tipo_documento,numero_documento,apellido_paterno,nombres,direccion,miembros_hogar\n"
        f"DNI,{DNI},{APELLIDO},{NOMBRE},JR. LIMA 1,4\n"
        f"DNI,{DNI[:7]}X,{APELLIDO},{NOMBRE} B,JR. LIMA 2,3\n",
        encoding="utf-8",
    )

    importacion = importar(archivo, sub_miraflores, aplicar=True)

    assert importacion.rechazadas == 1
    assert Beneficiario.objects.filter(numero_documento=DNI).exists()
    _sin_datos_personales(_texto_de_registros(caplog))


def test_ingreso_fallido_no_registra_clave_ni_documento(caplog, client, sub_miraflores):
    caplog.set_level(logging.DEBUG)

    for _ in range(6):
        client.post(reverse("account_login"), {"login": DNI, "password": CLAVE_SECRETA})
    client.post(reverse("account_login"), {"login": sub_miraflores.username, "password": CLAVE_SECRETA})
    client.post("/api/v1/_allauth/app/v1/auth/login", {"username": DNI, "password": CLAVE_SECRETA},
                content_type="application/json")

    texto = _texto_de_registros(caplog)
    # django-axes registra cada intento; enmascara el usuario y la IP (AXES_SENSITIVE_PARAMETERS).
    assert "AXES: Locking out" in texto
    assert CLAVE_SECRETA not in texto
    assert DNI not in texto

