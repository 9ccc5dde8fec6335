"""Casos de muestra 04 y 05 y libros generados: fechas de nacimiento en todas sus formas."""

import datetime
from datetime import date

import xlsxwriter

from tests.importacion.conftest import HOY, codigos, codigos_advertencia, valores_en_orden
from tests.importacion.generar_padron import ENCABEZADOS

FILA_BASE = [
    "DNI", "40040002", "RAMIREZ", "HUAYTA", "SONIA", None, "F", "987040002", "AV. PROCERES 1500", "150132", 3,
]


def _fecha(filas, numero):
    return filas[numero].valores["fecha_nacimiento"]


def test_celda_fecha(caso, importar):
    filas = importar(caso("04-fecha-serial-excel.xlsx"))

    assert valores_en_orden(filas[2]) == (
        "DNI", "40040002", "RAMIREZ", "HUAYTA", "SONIA", date(1990, 1, 1), "F", "987040002",
        "AV. PROCERES 1500", "150132", 3,
    )


def test_serial_general_es_fecha(caso, importar):
    filas = importar(caso("04-fecha-serial-excel.xlsx"))

    assert _fecha(filas, 3) == date(1990, 1, 1)
    assert filas[3].valores["numero_documento"] == "40040003"


def test_fecha_hora_sin_hora(caso, importar):
    filas = importar(caso("04-fecha-serial-excel.xlsx"))

    assert _fecha(filas, 4) == date(1985, 6, 15)
    assert type(_fecha(filas, 4)) is date


def test_serial_con_fraccion(caso, importar):
    filas = importar(caso("04-fecha-serial-excel.xlsx"))

    assert _fecha(filas, 5) == date(1980, 1, 1)
    assert filas[5].valores["telefono"] == "987040005"


def test_serial_futuro_rechazado(caso, importar):
    filas = importar(caso("04-fecha-serial-excel.xlsx"))

    assert codigos(filas[6]) == ["E-FECHA-FUTURA"]
    assert "23/04/2027" in filas[6].errores[0].mensaje


def test_caso_04_totales(caso, importar):
    filas = importar(caso("04-fecha-serial-excel.xlsx"))

    assert sum(fila.valores is not None for fila in filas.values()) == 4
    assert sum(fila.valores is None for fila in filas.values()) == 1


def test_fechas_texto_dia_primero(caso, importar):
    filas = importar(caso("05-fecha-texto-ddmmyyyy.csv"))

    assert _fecha(filas, 2) == date(1990, 4, 3)
    assert _fecha(filas, 3) == date(1975, 8, 15)
    assert _fecha(filas, 4) == date(1985, 12, 1)
    assert _fecha(filas, 5) == date(1960, 2, 1)
    assert _fecha(filas, 6) == date(2001, 7, 5)
    assert _fecha(filas, 10) == date(1990, 4, 3)


def test_fecha_texto_fila_completa(caso, importar):
    filas = importar(caso("05-fecha-texto-ddmmyyyy.csv"))

    assert valores_en_orden(filas[2]) == (
        "DNI", "40050002", "ZEVALLOS", "MORI", "KAREN", date(1990, 4, 3), "F", "987050002",
        "AV. TUPAC AMARU 700", "150135", 3,
    )


def test_mes_31_no_se_invierte(caso, importar):
    filas = importar(caso("05-fecha-texto-ddmmyyyy.csv"))

    assert codigos(filas[7]) == ["E-FECHA-INVALIDA"]
    assert "Fila 7" in filas[7].errores[0].mensaje
    assert "12/31/1990" in filas[7].errores[0].mensaje


def test_31_de_febrero_rechazado(caso, importar):
    filas = importar(caso("05-fecha-texto-ddmmyyyy.csv"))

    assert codigos(filas[8]) == ["E-FECHA-INVALIDA"]


def test_fecha_vacia_es_opcional(caso, importar):
    filas = importar(caso("05-fecha-texto-ddmmyyyy.csv"))

    assert filas[9].valores is not None
    assert _fecha(filas, 9) is None


def test_caso_05_totales(caso, importar):
    filas = importar(caso("05-fecha-texto-ddmmyyyy.csv"))

    assert sum(fila.valores is not None for fila in filas.values()) == 7
    assert sorted(numero for numero, fila in filas.items() if fila.valores is None) == [7, 8]


def _libro_con_fechas(ruta, celdas, opciones=None):
    """Escribe un padrón con una fila por valor de `celdas` en la columna fecha_nacimiento."""
    libro = xlsxwriter.Workbook(str(ruta), opciones or {})
    formato_fecha = libro.add_format({"num_format": "dd/mm/yyyy"})
    hoja = libro.add_worksheet("Padron")
    hoja.write_row(0, 0, ENCABEZADOS)
    for numero, celda in enumerate(celdas, start=1):
        fila = list(FILA_BASE)
        fila[1] = f"400400{numero:02d}"
        hoja.write_row(numero, 0, fila)
        if isinstance(celda, (datetime.date, datetime.datetime)):
            hoja.write_datetime(numero, 5, celda, formato_fecha)
        elif isinstance(celda, str):
            hoja.write_string(numero, 5, celda)
        else:
            hoja.write_number(numero, 5, celda)
    libro.close()
    return ruta


def test_libro_1904_celda_fecha(tmp_path, importar):
    ruta = _libro_con_fechas(tmp_path / "mac.xlsx", [date(1990, 1, 1)], {"date_1904": True})

    filas = importar(ruta)

    assert _fecha(filas, 2) == date(1990, 1, 1)


def test_libro_1904_serial_numerico(tmp_path, importar):
    # 31412 días desde el 01/01/1904 es el 01/01/1990; en el sistema 1900 sería el 31/12/1985.
    ruta = _libro_con_fechas(tmp_path / "mac.xlsx", [31412, 31412.5], {"date_1904": True})

    filas = importar(ruta)

    assert _fecha(filas, 2) == date(1990, 1, 1)
    assert _fecha(filas, 3) == date(1990, 1, 1)


def test_libro_1900_serial_numerico(tmp_path, importar):
    ruta = _libro_con_fechas(tmp_path / "pc.xlsx", [32874])

    filas = importar(ruta)

    assert _fecha(filas, 2) == date(1990, 1, 1)


def test_serial_imposible_rechazado(tmp_path, importar):
    ruta = _libro_con_fechas(tmp_path / "pc.xlsx", [0, -5, 60])

    filas = importar(ruta)

    assert codigos(filas[2]) == ["E-FECHA-INVALIDA"]
    assert codigos(filas[3]) == ["E-FECHA-INVALIDA"]
    assert codigos(filas[4]) == ["E-FECHA-INVALIDA"]


def test_anio_dos_cifras_siglo_actual(tmp_path, importar):
    ruta = _libro_con_fechas(tmp_path / "pc.xlsx", ["05/07/01"])

    filas = importar(ruta)

    assert _fecha(filas, 2) == date(2001, 7, 5)
    assert codigos_advertencia(filas[2]) == ["W-ANIO2"]


def test_anio_dos_cifras_siglo_pasado(tmp_path, importar):
    # 05/07/30 sería 2030, posterior a HOY: se lee 1930.
    ruta = _libro_con_fechas(tmp_path / "pc.xlsx", ["05/07/30"])

    filas = importar(ruta)

    assert _fecha(filas, 2) == date(1930, 7, 5)
    assert codigos_advertencia(filas[2]) == ["W-ANIO2"]


def test_anio_dos_cifras_mismo_anio(tmp_path, importar):
    # El mismo año de HOY: 20aa si la fecha no pasó, 19aa si todavía no llega.
    anio = HOY.year % 100
    ruta = _libro_con_fechas(tmp_path / "pc.xlsx", [f"01/01/{anio:02d}", f"31/12/{anio:02d}"])

    filas = importar(ruta)

    assert _fecha(filas, 2) == date(HOY.year, 1, 1)
    assert _fecha(filas, 3) == date(HOY.year - 100, 12, 31)


def test_mas_de_120_anios_rechazado(tmp_path, importar):
    ruta = _libro_con_fechas(tmp_path / "pc.xlsx", ["30/11/1906", "01/12/1906"])

    filas = importar(ruta)

    assert codigos(filas[2]) == ["E-FECHA-INVALIDA"]
    assert filas[3].valores["fecha_nacimiento"] == date(1906, 12, 1)


def test_texto_con_hora_se_acepta(tmp_path, importar):
    ruta = _libro_con_fechas(tmp_path / "pc.xlsx", ["1985-06-15 00:00:00", "15/06/1985 13:45"])

    filas = importar(ruta)

    assert _fecha(filas, 2) == date(1985, 6, 15)
    assert _fecha(filas, 3) == date(1985, 6, 15)


def test_fecha_en_palabras_rechazada(tmp_path, importar):
    ruta = _libro_con_fechas(tmp_path / "pc.xlsx", ["15 de junio de 1985", "1985/06/15"])

    filas = importar(ruta)

    assert codigos(filas[2]) == ["E-FECHA-INVALIDA"]
    assert codigos(filas[3]) == ["E-FECHA-INVALIDA"]
