"""Caso de muestra 28: inyección de fórmulas al importar, al exportar y al volver a importar."""

import csv
import io
import zipfile
from datetime import date

import openpyxl

from canastas.hojas.escritor import escribir_csv, escribir_xlsx
from tests.importacion.conftest import codigos, valores_en_orden
from tests.importacion.generar_padron import ENCABEZADOS

FILAS_IMPORTADAS = (2, 4, 5, 6, 7)
FILAS_NEUTRALIZADAS = (2, 5, 6, 7)


def _exportables(filas):
    return [list(valores_en_orden(filas[numero])) for numero in FILAS_IMPORTADAS]


def test_hipervinculo_se_guarda_literal(caso, importar):
    filas = importar(caso("28-inyeccion-formulas.csv"))

    assert valores_en_orden(filas[2]) == (
        "DNI", "40280002", "BUSTAMANTE", "CHIRINOS", "DORA", date(1975, 2, 2), "F", "987280002",
        '=HYPERLINK("http://ejemplo.invalid/x","ver")', "150132", 2,
    )


def test_formula_en_nombres_rechazada(caso, importar):
    filas = importar(caso("28-inyeccion-formulas.csv"))

    assert codigos(filas[3]) == ["E-CARACTERES"]
    assert filas[3].errores[0].columna == "nombres"


def test_telefono_con_prefijo_51(caso, importar):
    filas = importar(caso("28-inyeccion-formulas.csv"))

    assert valores_en_orden(filas[4]) == (
        "DNI", "40280004", "DIAZ", "ECHEVARRIA", "ESTELA", date(1977, 4, 4), "F", "987280004",
        "JR. ILO 4", "150132", 3,
    )


def test_direccion_con_guion_inicial(caso, importar):
    filas = importar(caso("28-inyeccion-formulas.csv"))

    assert valores_en_orden(filas[5]) == (
        "DNI", "40280005", "ESPINOZA", "FALCON", "FELIPE", date(1978, 5, 5), "M", "987280005",
        "-MZ. B LT. 5", "150132", 4,
    )


def test_tabulacion_inicial_se_quita(caso, importar):
    filas = importar(caso("28-inyeccion-formulas.csv"))

    assert valores_en_orden(filas[6]) == (
        "DNI", "40280006", "FUENTES", "GALVEZ", "GRACIELA", date(1979, 6, 6), "F", "987280006",
        "=1+1", "150132", 1,
    )


def test_dde_se_guarda_literal(caso, importar):
    filas = importar(caso("28-inyeccion-formulas.csv"))

    assert valores_en_orden(filas[7]) == (
        "DNI", "40280007", "GOMEZ", "HERRERA", "HUGO", date(1980, 7, 7), "M", "987280007",
        "=cmd|' /C calc'!A0", "150132", 2,
    )


def test_exportacion_csv_neutraliza(caso, importar):
    filas = importar(caso("28-inyeccion-formulas.csv"))
    salida = io.StringIO(newline="")

    escribir_csv(salida, ENCABEZADOS, _exportables(filas))

    registros = list(csv.reader(io.StringIO(salida.getvalue().lstrip("\ufeff"), newline="")))
    direcciones = {numero: registro[8] for numero, registro in zip(FILAS_IMPORTADAS, registros[1:])}
    for numero in FILAS_NEUTRALIZADAS:
        assert direcciones[numero] == "'" + filas[numero].valores["direccion"]
    assert direcciones[4] == "JR. ILO 4"


def test_exportacion_csv_no_toca_numeros(caso, importar):
    filas = importar(caso("28-inyeccion-formulas.csv"))
    salida = io.StringIO(newline="")

    escribir_csv(salida, ENCABEZADOS, _exportables(filas))

    registros = list(csv.reader(io.StringIO(salida.getvalue().lstrip("\ufeff"), newline="")))
    for registro in registros[1:]:
        assert not registro[1].startswith("'")
        assert not registro[7].startswith("'")
        assert not registro[9].startswith("'")
        assert not registro[10].startswith("'")


def test_exportacion_xlsx_sin_formulas(caso, importar, tmp_path):
    filas = importar(caso("28-inyeccion-formulas.csv"))
    ruta = tmp_path / "padron.xlsx"

    escribir_xlsx(ruta, ENCABEZADOS, _exportables(filas), nombre_hoja="Padron")

    with zipfile.ZipFile(ruta) as archivo:
        hoja_xml = archivo.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in hoja_xml
    assert b"<f " not in hoja_xml


def test_exportacion_xlsx_celdas_de_texto(caso, importar, tmp_path):
    filas = importar(caso("28-inyeccion-formulas.csv"))
    ruta = tmp_path / "padron.xlsx"

    escribir_xlsx(ruta, ENCABEZADOS, _exportables(filas), nombre_hoja="Padron")

    hoja = openpyxl.load_workbook(ruta)["Padron"]
    for fila_hoja, numero in enumerate(FILAS_IMPORTADAS, start=2):
        celda = hoja.cell(row=fila_hoja, column=9)
        assert celda.data_type == "s"
        assert celda.value == filas[numero].valores["direccion"]


def test_reimportar_csv_exportado(caso, importar, tmp_path):
    filas = importar(caso("28-inyeccion-formulas.csv"))
    ruta = tmp_path / "exportado.csv"
    escribir_csv(ruta, ENCABEZADOS, _exportables(filas))

    reimportadas = importar(ruta)

    assert ruta.read_bytes().startswith(b"\xef\xbb\xbf")
    for fila_nueva, numero in enumerate(FILAS_IMPORTADAS, start=2):
        assert reimportadas[fila_nueva].valores == filas[numero].valores


def test_reimportar_xlsx_exportado(caso, importar, tmp_path):
    filas = importar(caso("28-inyeccion-formulas.csv"))
    ruta = tmp_path / "exportado.xlsx"
    escribir_xlsx(ruta, ENCABEZADOS, _exportables(filas))

    reimportadas = importar(ruta)

    for fila_nueva, numero in enumerate(FILAS_IMPORTADAS, start=2):
        assert reimportadas[fila_nueva].valores == filas[numero].valores
