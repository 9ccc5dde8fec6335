"""Casos de muestra 22, 24, 25 y 26 y archivos generados: tipo por contenido y protecciones."""

import io
import zipfile
from datetime import date

import pytest
import xlsxwriter

from beneficiarios.importacion.validacion import leer_padron
from canastas.hojas.lector import ArchivoRechazado, Limites
from tests.importacion.conftest import codigos_advertencia, valores_en_orden
from tests.importacion.generar_padron import ENCABEZADOS

FILA = ["DNI", "40000001", "ROJAS", "PEREZ", "ANA", "", "F", "987000001", "JR. UNO 1", "150132", 2]


def _rechazo(origen, **opciones) -> ArchivoRechazado:
    with pytest.raises(ArchivoRechazado) as rechazo:
        leer_padron(origen, **opciones)
    return rechazo.value


def _xlsx(ruta, filas=(FILA,), **celdas_sueltas):
    libro = xlsxwriter.Workbook(str(ruta))
    hoja = libro.add_worksheet("Padron")
    hoja.write_row(0, 0, ENCABEZADOS)
    for numero, fila in enumerate(filas, start=1):
        hoja.write_row(numero, 0, fila)
    for referencia, valor in celdas_sueltas.items():
        hoja.write(referencia, valor)
    libro.close()
    return ruta


def test_xls_antiguo_se_lee(caso, importar):
    filas = importar(caso("22-xls-antiguo.xls"))

    assert valores_en_orden(filas[2]) == (
        "DNI", "40220002", "ZAPATA", "ALDANA", "MARTHA", date(1971, 1, 21), "F", "987220002",
        "JR. OCOÑA 2", "150132", 3,
    )
    assert valores_en_orden(filas[3]) == (
        "DNI", "01220003", "YAURI", "BACA", "NESTOR", date(1960, 2, 22), "M", "987220003",
        "JR. OCOÑA 3", "040101", 2,
    )
    assert valores_en_orden(filas[4]) == (
        "DNI", "01220004", "YAURI", "BACA", "OLGA", date(1962, 3, 23), "F", "",
        "JR. OCOÑA 3", "040101", 2,
    )
    assert codigos_advertencia(filas[4]) == ["W-PAD"]


def test_xls_formato_detectado(caso):
    assert leer_padron(caso("22-xls-antiguo.xls")).formato == "xls"


@pytest.mark.parametrize("decimos", [3, 6, 8, 9])
def test_xls_truncado_corrupto(caso, decimos):
    # Con 8 y 9 décimos calamine entra en pánico (PanicException), que también se convierte.
    datos = caso("22-xls-antiguo.xls").read_bytes()

    assert _rechazo(datos[: len(datos) * decimos // 10]).codigo == "F-CORRUPTO"


@pytest.mark.parametrize("decimos", [1, 3, 5, 7, 9])
def test_xlsx_truncado_en_cualquier_punto(caso, decimos):
    datos = caso("01-dni-ceros-perdidos.xlsx").read_bytes()

    assert _rechazo(datos[: len(datos) * decimos // 10]).codigo == "F-CORRUPTO"


def test_xlsx_con_clave(caso):
    rechazo = _rechazo(caso("24-protegido-con-clave.xlsx"))

    assert rechazo.codigo == "F-CIFRADO"
    assert "contraseña" in rechazo.mensaje


def test_xlsx_truncado(caso):
    rechazo = _rechazo(caso("25-corrupto-truncado.xlsx"))

    assert rechazo.codigo == "F-CORRUPTO"
    assert "dañado o incompleto" in rechazo.mensaje


def test_pdf_con_extension_xlsx(caso):
    rechazo = _rechazo(caso("26-no-es-hoja-pdf.xlsx"))

    assert rechazo.codigo == "F-NO-HOJA"
    assert "PDF" in rechazo.mensaje


def test_html_con_extension_xls():
    datos = b"<html><body><table><tr><td>DNI</td></tr></table></body></html>"

    assert _rechazo(datos).codigo == "F-NO-HOJA"


def test_binario_desconocido():
    assert _rechazo(b"\x00\x01\x02\x03" * 100).codigo == "F-NO-HOJA"


def test_docx_no_es_hoja():
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as archivo:
        archivo.writestr("[Content_Types].xml", "<Types/>")
        archivo.writestr("word/document.xml", "<document/>")

    assert _rechazo(salida.getvalue()).codigo == "F-NO-HOJA"


def test_xlsb_no_se_acepta():
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as archivo:
        archivo.writestr("xl/workbook.bin", b"\x00" * 10)

    rechazo = _rechazo(salida.getvalue())
    assert rechazo.codigo == "F-NO-HOJA"
    assert ".xlsb" in rechazo.mensaje


def test_bomba_zip_por_razon(tmp_path):
    original = _xlsx(tmp_path / "base.xlsx")
    salida = io.BytesIO()
    with zipfile.ZipFile(original) as fuente, zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as destino:
        for miembro in fuente.infolist():
            destino.writestr(miembro, fuente.read(miembro))
        # 64 MiB de ceros se comprimen a unos 64 KB: una razón cercana a 1000.
        destino.writestr("xl/media/relleno.bin", b"\x00" * (64 * 1024 * 1024))

    rechazo = _rechazo(salida.getvalue())
    assert rechazo.codigo == "F-DEMASIADO-GRANDE"


def test_bomba_zip_por_tamano_total(tmp_path):
    ruta = _xlsx(tmp_path / "normal.xlsx")

    assert _rechazo(ruta, limites=Limites(bytes_descomprimidos=2000)).codigo == "F-DEMASIADO-GRANDE"


def test_archivo_mas_pesado_que_el_limite(caso):
    rechazo = _rechazo(caso("01-dni-ceros-perdidos.xlsx"), limites=Limites(bytes_archivo=1000))

    assert rechazo.codigo == "F-DEMASIADO-GRANDE"


def test_celda_en_la_ultima_columna_y_fila(tmp_path):
    # calamine reservaría 1 048 576 × 16 384 celdas (550 GB) y abortaría el proceso.
    ruta = _xlsx(tmp_path / "lejana.xlsx", XFD1048576="x")

    rechazo = _rechazo(ruta)
    assert rechazo.codigo == "F-DEMASIADO-GRANDE"
    assert "1048576" in rechazo.mensaje


def test_celda_lejana_dentro_del_limite(tmp_path):
    ruta = _xlsx(tmp_path / "lejana.xlsx", A5000=" ")

    hoja = leer_padron(ruta, limites=Limites(celdas=100_000))

    assert [numero for numero, _ in hoja.filas()] == [2]


def test_celda_lejana_fuera_del_limite(tmp_path):
    ruta = _xlsx(tmp_path / "lejana.xlsx", AZ5000="x")

    assert _rechazo(ruta, limites=Limites(celdas=100_000)).codigo == "F-DEMASIADO-GRANDE"


def test_celda_con_formato_sin_valor_no_cuenta(tmp_path):
    libro = xlsxwriter.Workbook(str(tmp_path / "formato.xlsx"))
    hoja = libro.add_worksheet()
    hoja.write_row(0, 0, ENCABEZADOS)
    hoja.write_row(1, 0, FILA)
    hoja.write_blank("XFD1048576", None, libro.add_format({"bold": True}))
    libro.close()

    hoja = leer_padron(tmp_path / "formato.xlsx")

    assert [numero for numero, _ in hoja.filas()] == [2]


def test_demasiadas_filas(caso):
    hoja = leer_padron(caso("01-dni-ceros-perdidos.xlsx"), limites=Limites(filas=3))

    with pytest.raises(ArchivoRechazado) as rechazo:
        list(hoja.filas())

    assert rechazo.value.codigo == "F-DEMASIADO-GRANDE"


def test_formulas_dan_valor_guardado(tmp_path, importar):
    ruta = tmp_path / "formulas.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    hoja = libro.add_worksheet()
    hoja.write_row(0, 0, ENCABEZADOS)
    hoja.write_row(1, 0, FILA)
    hoja.write_formula("I2", '="JR. "&"UNO 1"', None, "JR. UNO 1")
    hoja.write_formula("K2", "=1+2", None, 3)
    hoja.write_formula("B2", '=TEXT(40000001,"00000000")', None, "40000001")
    libro.close()

    filas = importar(ruta)

    assert filas[2].valores["direccion"] == "JR. UNO 1"
    assert filas[2].valores["miembros_hogar"] == 3
    assert filas[2].valores["numero_documento"] == "40000001"


def test_mismo_resultado_desde_bytes_ruta_y_archivo(caso):
    ruta = caso("01-dni-ceros-perdidos.xlsx")
    abierto = io.BytesIO(ruta.read_bytes())
    abierto.seek(10)

    desde_ruta = list(leer_padron(ruta).filas())
    desde_bytes = list(leer_padron(ruta.read_bytes()).filas())
    desde_archivo = list(leer_padron(abierto).filas())

    assert desde_bytes == desde_ruta
    assert desde_archivo == desde_ruta
    assert abierto.tell() == 10


def _ods(filas_xml: str) -> bytes:
    contenido = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Padron">'
        f"{filas_xml}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as archivo:
        archivo.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archivo.writestr("content.xml", contenido, compress_type=zipfile.ZIP_DEFLATED)
        archivo.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    return salida.getvalue()


def _fila_ods(valores) -> str:
    celdas = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{valor}</text:p></table:table-cell>'
        for valor in valores
    )
    return f"<table:table-row>{celdas}</table:table-row>"


def test_ods_se_lee(importar):
    vacias = '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
    datos = _ods(_fila_ods(ENCABEZADOS) + _fila_ods(FILA) + vacias)

    filas = importar(datos)

    assert filas[2].valores["numero_documento"] == "40000001"
    assert filas[2].valores["miembros_hogar"] == 2


def test_ods_repeticion_con_datos_rechazada():
    repetida = (
        '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
    )
    datos = _ods(_fila_ods(ENCABEZADOS) + _fila_ods(FILA) + repetida)

    assert _rechazo(datos).codigo == "F-DEMASIADO-GRANDE"


def _xls_parchado(caso, registro: bytes, desplazamiento: int, nuevo: bytes) -> bytes:
    """Copia el .xls de muestra cambiando bytes dentro del primer registro BIFF que empieza con `registro`."""
    datos = bytearray(caso("22-xls-antiguo.xls").read_bytes())
    inicio = datos.index(registro) + 4 + desplazamiento
    datos[inicio : inicio + len(nuevo)] = nuevo
    return bytes(datos)


def test_xls_dimensiones_imposibles(caso):
    # DIMENSIONS (0x0200, 14 bytes): la última fila pasa a 4 127 195 140; calamine pediría terabytes.
    datos = _xls_parchado(caso, b"\x00\x02\x0e\x00", 4, b"\x04\x00\x00\xf6")

    assert _rechazo(datos).codigo == "F-CORRUPTO"


def test_xls_celda_fuera_de_columnas(caso):
    # LABELSST (0x00FD, 10 bytes) con la columna 65 535, que BIFF8 no admite.
    datos = _xls_parchado(caso, b"\xfd\x00\x0a\x00", 2, b"\xff\xff")

    assert _rechazo(datos).codigo == "F-CORRUPTO"
