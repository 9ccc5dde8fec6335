"""Escritor común de XLSX y CSV: neutralización de fórmulas, fechas y BOM."""

import codecs
import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from canastas.hojas.escritor import escribir_csv, escribir_xlsx, neutralizar_formula, quitar_neutralizacion

PELIGROSOS = ["=1+1", "+51 999", "-5", "@SUMA(A1)", "\t=1+1", "\r=1+1", "http://ejemplo.invalid", "0123"]


@pytest.mark.parametrize("texto", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_neutralizar_antepone_apostrofo(texto):
    assert neutralizar_formula(texto) == "'" + texto


@pytest.mark.parametrize("texto", ["JR. UNO", "'=ya", "", "1=1", " =1"])
def test_neutralizar_deja_texto_comun(texto):
    assert neutralizar_formula(texto) == texto


@pytest.mark.parametrize("texto", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_quitar_neutralizacion_es_inversa(texto):
    assert quitar_neutralizacion(neutralizar_formula(texto)) == texto


@pytest.mark.parametrize("texto", ["'01234567", "'", "''=1", "D'ALESSANDRO", "'hola"])
def test_quitar_neutralizacion_respeta_apostrofos(texto):
    assert quitar_neutralizacion(texto) == texto


def test_xlsx_cadenas_nunca_son_formulas(tmp_path):
    ruta = tmp_path / "salida.xlsx"

    escribir_xlsx(ruta, ["valor"], [[texto] for texto in PELIGROSOS])

    with zipfile.ZipFile(ruta) as archivo:
        hoja_xml = archivo.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in hoja_xml
    assert b"<hyperlink" not in hoja_xml
    hoja = openpyxl.load_workbook(ruta).active
    for fila in range(2, len(PELIGROSOS) + 2):
        assert hoja.cell(row=fila, column=1).data_type == "s"


def test_xlsx_cadenas_conservan_texto(tmp_path):
    ruta = tmp_path / "salida.xlsx"

    escribir_xlsx(ruta, ["valor"], [[texto] for texto in PELIGROSOS])

    # openpyxl no decodifica el escape _x000D_ del retorno de carro; calamine sí.
    filas = CalamineWorkbook.from_path(ruta).get_sheet_by_index(0).to_python()
    assert [fila[0] for fila in filas[1:]] == PELIGROSOS


def test_xlsx_texto_numerico_sigue_texto(tmp_path):
    ruta = tmp_path / "salida.xlsx"

    escribir_xlsx(ruta, ["dni"], [["01234567"]])

    celda = openpyxl.load_workbook(ruta).active["A2"]
    assert celda.data_type == "s"
    assert celda.value == "01234567"


def test_xlsx_fechas_reales_con_formato(tmp_path):
    ruta = tmp_path / "salida.xlsx"

    escribir_xlsx(ruta, ["fecha", "momento"], [[date(1990, 4, 3), datetime(2026, 1, 2, 8, 30)]])

    hoja = openpyxl.load_workbook(ruta).active
    assert hoja["A2"].is_date
    assert hoja["A2"].number_format == "dd/mm/yyyy"
    assert hoja["A2"].value == datetime(1990, 4, 3)
    assert hoja["B2"].value == datetime(2026, 1, 2, 8, 30)


def test_xlsx_numeros_y_vacios(tmp_path):
    ruta = tmp_path / "salida.xlsx"

    escribir_xlsx(ruta, ["a", "b", "c", "d"], [[4, None, Decimal("2.5"), 12345678901234567]])

    hoja = openpyxl.load_workbook(ruta).active
    assert hoja["A2"].value == 4
    assert hoja["B2"].value is None
    assert hoja["C2"].value == "2.5"
    assert hoja["D2"].value == "12345678901234567"


def test_xlsx_nombre_de_hoja(tmp_path):
    ruta = tmp_path / "salida.xlsx"

    escribir_xlsx(ruta, ["a"], [], nombre_hoja="Padron")

    assert openpyxl.load_workbook(ruta).sheetnames == ["Padron"]


def test_xlsx_a_archivo_abierto():
    salida = io.BytesIO()

    escribir_xlsx(salida, ["a"], [["=1"]])

    assert openpyxl.load_workbook(io.BytesIO(salida.getvalue())).active["A2"].value == "=1"


def test_csv_con_bom_y_comas(tmp_path):
    ruta = tmp_path / "salida.csv"

    escribir_csv(ruta, ["nombre", "direccion"], [["MUÑOZ", "JR. LIMA 1, INT. 2"]])

    datos = ruta.read_bytes()
    assert datos.startswith(codecs.BOM_UTF8)
    assert datos.count(codecs.BOM_UTF8) == 1
    assert datos.decode("utf-8-sig") == 'nombre,direccion\r\nMUÑOZ,"JR. LIMA 1, INT. 2"\r\n'


def test_csv_neutraliza_texto_peligroso():
    salida = io.StringIO(newline="")

    escribir_csv(salida, ["valor"], [[texto] for texto in PELIGROSOS])

    registros = list(csv.reader(io.StringIO(salida.getvalue().lstrip("\ufeff"), newline="")))
    assert [registro[0] for registro in registros[1:]] == [
        "'=1+1", "'+51 999", "'-5", "'@SUMA(A1)", "'\t=1+1", "'\r=1+1", "http://ejemplo.invalid", "0123",
    ]


def test_csv_fechas_dia_primero():
    salida = io.StringIO(newline="")

    escribir_csv(salida, ["fecha", "n"], [[date(1990, 4, 3), -5], [None, 0]])

    assert salida.getvalue() == "\ufefffecha,n\r\n03/04/1990,-5\r\n,0\r\n"


def test_csv_flujo_utf8_sig_sin_doble_bom():
    binario = io.BytesIO()
    texto = io.TextIOWrapper(binario, encoding="utf-8-sig", newline="", write_through=True)

    escribir_csv(texto, ["a"], [["ñ"]])
    texto.detach()

    assert binario.getvalue() == codecs.BOM_UTF8 + "a\r\nñ\r\n".encode()
