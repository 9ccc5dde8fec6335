"""Exportación XLSX del padrón en segundo plano: umbral, mismas filas, acceso, auditoría y fórmulas."""

import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from beneficiarios.models import Beneficiario
from canastas.models import RegistroAccion
from reportes.models import ArchivoGenerado
from tests.conftest import MIRAFLORES, SURCO
from tests.entregas.apoyo_captura import usar_almacen_temporal
from tests.fabricas import BeneficiarioFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def almacen_temporal(settings, tmp_path):
    usar_almacen_temporal(settings, tmp_path / "archivos")


@pytest.fixture
def padron():
    """Cuatro hogares de Miraflores (uno observado, uno con fórmula en la dirección) y uno de Surco."""
    return [
        BeneficiarioFactory(apellido_paterno="ALVA"),
        BeneficiarioFactory(apellido_paterno="BENITES", sexo="F"),
        BeneficiarioFactory(apellido_paterno="CASTRO", estado=Beneficiario.Estado.OBSERVADO),
        BeneficiarioFactory(apellido_paterno="DIAZ", direccion='=HYPERLINK("http://ejemplo.invalid/x","ver")'),
        BeneficiarioFactory(apellido_paterno="ESPINOZA", distrito_id=SURCO),
    ]


def exportar(cliente, **filtros):
    return cliente.get(reverse("beneficiarios:exportar"), {"formato": "xlsx", **filtros})


def bytes_de(respuesta) -> bytes:
    return b"".join(respuesta.streaming_content) if respuesta.streaming else respuesta.content


def filas_xlsx(datos: bytes) -> list[tuple]:
    hoja = openpyxl.load_workbook(io.BytesIO(datos)).active
    return [tuple(celda.value for celda in fila) for fila in hoja.iter_rows()]


def archivo_de(respuesta) -> ArchivoGenerado:
    assert respuesta.status_code == 302
    return ArchivoGenerado.objects.get(pk=int(respuesta["Location"].rstrip("/").split("/")[-1]))


def descargar(cliente, archivo):
    return cliente.get(reverse("reportes:archivo_descargar", args=[archivo.pk]))


def test_padron_grande_crea_archivo(cliente_de, sub_miraflores, padron, settings):
    settings.CANASTAS_XLSX_EN_LINEA = 2

    archivo = archivo_de(exportar(cliente_de(sub_miraflores)))

    assert archivo.tipo == ArchivoGenerado.Tipo.PADRON
    assert archivo.estado == ArchivoGenerado.Estado.LISTO
    assert archivo.distrito_id == MIRAFLORES
    assert archivo.filas == 4


def test_padron_bajo_el_umbral_descarga_directa(cliente_de, sub_miraflores, padron):
    respuesta = exportar(cliente_de(sub_miraflores))

    assert respuesta.status_code == 200
    assert len(filas_xlsx(bytes_de(respuesta))) == 5
    assert not ArchivoGenerado.objects.exists()


@pytest.mark.parametrize("filtros", [{}, {"estado": "observado"}, {"sexo": "F"}, {"q": "benites"}])
def test_padron_segundo_plano_mismas_filas(cliente_de, sub_miraflores, padron, settings, filtros):
    cliente = cliente_de(sub_miraflores)
    settings.CANASTAS_XLSX_EN_LINEA = 1000
    directa = filas_xlsx(bytes_de(exportar(cliente, **filtros)))

    settings.CANASTAS_XLSX_EN_LINEA = 0
    archivo = archivo_de(exportar(cliente, **filtros))

    assert filas_xlsx(bytes_de(descargar(cliente, archivo))) == directa


def test_padron_segundo_plano_neutraliza_formulas(cliente_de, sub_miraflores, padron, settings):
    settings.CANASTAS_XLSX_EN_LINEA = 0
    cliente = cliente_de(sub_miraflores)
    datos = bytes_de(descargar(cliente, archivo_de(exportar(cliente))))

    with zipfile.ZipFile(io.BytesIO(datos)) as libro:
        hoja_xml = libro.read("xl/worksheets/sheet1.xml").decode()
    direcciones = [fila[8] for fila in openpyxl.load_workbook(io.BytesIO(datos)).active.iter_rows(min_row=2)]

    assert "<f>" not in hoja_xml
    assert all(celda.data_type == "s" for celda in direcciones)


def test_padron_segundo_plano_auditado(cliente_de, sub_miraflores, padron, settings):
    settings.CANASTAS_XLSX_EN_LINEA = 0

    archivo = archivo_de(exportar(cliente_de(sub_miraflores)))

    registro = RegistroAccion.objects.get(accion=RegistroAccion.Accion.EXPORTAR)
    assert registro.modelo == "beneficiarios.Beneficiario"
    assert f"en segundo plano, archivo n.º {archivo.pk}" == registro.detalle


@pytest.mark.parametrize("nombre_url", ["reportes:archivo", "reportes:archivo_descargar"])
def test_padron_otro_distrito_404(cliente_de, sub_miraflores, sub_surco, padron, settings, nombre_url):
    settings.CANASTAS_XLSX_EN_LINEA = 0
    archivo = archivo_de(exportar(cliente_de(sub_miraflores)))

    assert cliente_de(sub_surco).get(reverse(nombre_url, args=[archivo.pk])).status_code == 404


def test_padron_invitado_sigue_sin_exportar(cliente_de, invitado_miraflores, padron, settings):
    settings.CANASTAS_XLSX_EN_LINEA = 0

    assert exportar(cliente_de(invitado_miraflores)).status_code == 403
    assert not ArchivoGenerado.objects.exists()
