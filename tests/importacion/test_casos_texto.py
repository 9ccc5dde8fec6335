"""Caso de muestra 19: espacios Unicode, tabulaciones, letras descompuestas y ancho cero."""

import unicodedata
from datetime import date

from tests.importacion.conftest import codigos, valores_en_orden


def test_nbsp_en_dni_nombre_y_direccion(caso, importar):
    filas = importar(caso("19-espacios-nbsp-unicode.xlsx"))

    assert valores_en_orden(filas[2]) == (
        "DNI", "40190002", "CARRASCO", "VIDAL", "MARÍA ELENA", date(1984, 1, 2), "F", "987190002",
        "JR. BELEN 2", "150132", 3,
    )


def test_tabulacion_y_espacios_dobles(caso, importar):
    filas = importar(caso("19-espacios-nbsp-unicode.xlsx"))

    assert valores_en_orden(filas[3]) == (
        "DNI", "40190003", "QUISPE", "HUILLCA", "JUAN CARLOS", date(1977, 3, 4), "M", "987190003",
        "AV. MEXICO 300", "150103", 2,
    )


def test_letras_descompuestas_se_guardan_nfc(caso, importar):
    filas = importar(caso("19-espacios-nbsp-unicode.xlsx"))

    assert valores_en_orden(filas[4]) == (
        "DNI", "40190004", "ÑAUPARI", "CHUQUIMIA", "JOSÉ", date(1991, 5, 6), "M", "987190004",
        "PSJE. LA ÑUSTA 4", "080101", 4,
    )
    assert filas[4].valores["apellido_paterno"][0] == "\u00d1"
    assert filas[4].valores["nombres"][-1] == "\u00c9"
    assert unicodedata.is_normalized("NFC", filas[4].valores["direccion"])


def test_ancho_cero_dentro_del_dni(caso, importar):
    filas = importar(caso("19-espacios-nbsp-unicode.xlsx"))

    assert valores_en_orden(filas[5]) == (
        "DNI", "40190005", "OCHOA", "PACHECO", "FLOR", date(1966, 7, 8), "F", "987190005",
        "JR. JAUJA 5", "150132", 1,
    )


def test_apellido_solo_espacios_es_vacio(caso, importar):
    filas = importar(caso("19-espacios-nbsp-unicode.xlsx"))

    assert codigos(filas[6]) == ["E-REQUERIDO"]
    assert filas[6].errores[0].columna == "apellido_paterno"
    assert "Fila 6" in filas[6].errores[0].mensaje


def test_caso_19_totales(caso, importar):
    filas = importar(caso("19-espacios-nbsp-unicode.xlsx"))

    assert sum(fila.valores is not None for fila in filas.values()) == 4
    assert sum(fila.valores is None for fila in filas.values()) == 1
