"""Ayudas de las pruebas de archivos para entes de control: almacén temporal, fechas de Lima y lectura del XLSX."""

import datetime
import io
import zipfile
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from canastas.models import Distrito
from entregas.models import ProductoKit
from reportes.archivos.selectores import Periodo
from reportes.archivos.servicios import archivo_contraloria_solicitar, archivo_indeci_solicitar
from tests.entregas.apoyo_captura import usar_almacen_temporal
from tests.fabricas import TipoRegistroFactory

LIMA = ZoneInfo("America/Lima")
# Viernes de corte de las pruebas, y el viernes anterior.
CORTE = datetime.date(2025, 5, 9)
VIERNES_ANTERIOR = datetime.date(2025, 5, 2)


def en_lima(dia: datetime.date, hora: int, minuto: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(dia, datetime.time(hora, minuto), tzinfo=LIMA)


@pytest.fixture(autouse=True)
def almacen_temporal(settings, tmp_path):
    """Los archivos generados van a una carpeta temporal, no a la carpeta de datos."""
    usar_almacen_temporal(settings, tmp_path / "archivos")
    return tmp_path / "archivos"


@pytest.fixture
def kit():
    """Tipo de registro nacional con tres productos, uno con cantidad decimal."""
    tipo = TipoRegistroFactory(
        nombre="Canasta DU 033-2020 — 1.ª entrega",
        codigo="DU033-1",
        tipo_bien="Canasta de víveres",
        fuente_financiamiento="Recursos ordinarios",
    )
    ProductoKit.objects.create(tipo_registro=tipo, producto="Arroz", unidad="kg", cantidad="5.00")
    ProductoKit.objects.create(tipo_registro=tipo, producto="Aceite vegetal", unidad="litro", cantidad="1.50")
    ProductoKit.objects.create(tipo_registro=tipo, producto="Atún en conserva", unidad="lata", cantidad="6.00")
    return tipo


def contraloria(usuario, *, distrito="150122", fecha_corte=CORTE, periodo=Periodo.ACUMULADO, tipo_registro=None):
    """Pide el archivo y lo devuelve ya generado: las pruebas corren las tareas en línea."""
    archivo = archivo_contraloria_solicitar(
        usuario=usuario,
        distrito=Distrito.objects.get(codigo=distrito),
        fecha_corte=fecha_corte,
        periodo=periodo,
        tipo_registro=tipo_registro,
    )
    archivo.refresh_from_db()
    return archivo


def indeci(usuario, **opciones):
    opciones.setdefault("fecha_corte", CORTE)
    archivo = archivo_indeci_solicitar(usuario=usuario, **opciones)
    archivo.refresh_from_db()
    return archivo


def contenido(archivo) -> bytes:
    archivo.refresh_from_db()
    with archivo.archivo.open("rb") as flujo:
        return flujo.read()


def libro_de(archivo) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(contenido(archivo)))


def filas(hoja) -> list[tuple]:
    return [tuple(celda.value for celda in fila) for fila in hoja.iter_rows()]


def xml_de_hojas(archivo) -> str:
    with zipfile.ZipFile(io.BytesIO(contenido(archivo))) as paquete:
        return "".join(
            paquete.read(nombre).decode() for nombre in paquete.namelist() if nombre.startswith("xl/worksheets/")
        )
