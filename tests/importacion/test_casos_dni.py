"""Casos de muestra 01 y 02: números de documento que Excel o un script deformaron."""

from datetime import date

from tests.importacion.conftest import codigos, codigos_advertencia, valores_en_orden


def test_dni_numerico_se_rellena(caso, importar):
    filas = importar(caso("01-dni-ceros-perdidos.xlsx"))

    assert valores_en_orden(filas[2]) == (
        "DNI", "01234567", "QUISPE", "MAMANI", "ROSA", date(1980, 5, 12), "F", "987010002",
        "JR. LAS CAMELIAS 120", "040101", 4,
    )
    assert codigos_advertencia(filas[2]) == ["W-PAD"]


def test_dni_texto_conserva_ceros(caso, importar):
    filas = importar(caso("01-dni-ceros-perdidos.xlsx"))

    assert valores_en_orden(filas[3]) == (
        "DNI", "00456789", "HUAMAN", "CCOPA", "LUIS ALBERTO", date(1975, 8, 30), "M", "987010003",
        "AV. EJERCITO 455", "080101", 3,
    )
    assert filas[3].advertencias == []


def test_dni_numerico_completo(caso, importar):
    filas = importar(caso("01-dni-ceros-perdidos.xlsx"))

    assert valores_en_orden(filas[4]) == (
        "DNI", "40010003", "FLORES", "TICONA", "CARMEN", date(1990, 1, 1), "F", "987010004",
        "CALLE LOS PINOS 8", "150132", 5,
    )


def test_dni_con_formato_ceros(caso, importar):
    filas = importar(caso("01-dni-ceros-perdidos.xlsx"))

    assert valores_en_orden(filas[5]) == (
        "DNI", "07654321", "CHAVEZ", "RAMOS", "PEDRO", date(1969, 11, 3), "M", "987010005",
        "AV. LIBERTAD 77", "010101", 2,
    )


def test_dni_nueve_digitos_rechazado(caso, importar):
    filas = importar(caso("01-dni-ceros-perdidos.xlsx"))

    assert filas[6].valores is None
    assert codigos(filas[6]) == ["E-DNI-LONGITUD"]
    assert "Fila 6" in filas[6].errores[0].mensaje
    assert "400100055" in filas[6].errores[0].mensaje


def test_ce_no_se_rellena(caso, importar):
    filas = importar(caso("01-dni-ceros-perdidos.xlsx"))

    assert valores_en_orden(filas[7]) == (
        "CE", "001234567", "GONZALEZ", "PEREZ", "MARIANA", date(1995, 7, 21), "F", "987010007",
        "AV. CENTRAL 12", "150103", 3,
    )


def test_caso_01_totales(caso, importar):
    filas = importar(caso("01-dni-ceros-perdidos.xlsx"))

    assert sorted(filas) == [2, 3, 4, 5, 6, 7]
    assert sum(fila.valores is not None for fila in filas.values()) == 5


def test_caso_01_tipos_guardados(caso, importar):
    filas = importar(caso("01-dni-ceros-perdidos.xlsx"))

    for fila in (2, 3, 4, 5, 7):
        assert type(filas[fila].valores["numero_documento"]) is str
        assert type(filas[fila].valores["ubigeo"]) is str
        assert type(filas[fila].valores["miembros_hogar"]) is int


def test_dni_punto_cero_csv(caso, importar):
    filas = importar(caso("02-dni-float-punto-cero.csv"))

    assert valores_en_orden(filas[2]) == (
        "DNI", "40020001", "ROJAS", "APAZA", "JUANA", date(1982, 5, 12), "F", "987020002",
        "AV. GRAU 101", "150132", 4,
    )


def test_dni_punto_cero_corto_se_rellena(caso, importar):
    filas = importar(caso("02-dni-float-punto-cero.csv"))

    assert valores_en_orden(filas[3]) == (
        "DNI", "04020002", "CONDORI", "LAURA", "MARCO", date(1979, 9, 3), "M", "987020003",
        "JR. AYACUCHO 22", "040101", 3,
    )
    assert codigos_advertencia(filas[3]) == ["W-PAD"]


def test_telefono_vacio_sin_advertencia(caso, importar):
    filas = importar(caso("02-dni-float-punto-cero.csv"))

    assert valores_en_orden(filas[4]) == (
        "DNI", "40020003", "VARGAS", "HUARCAYA", "LUZ", date(2001, 1, 21), "F", "",
        "PSJE. SANTA ROSA 5", "150103", 3,
    )
    assert filas[4].advertencias == []


def test_dni_con_decimales_rechazado(caso, importar):
    filas = importar(caso("02-dni-float-punto-cero.csv"))

    assert codigos(filas[5]) == ["E-DOC-DECIMAL"]
    assert filas[5].errores[0].valor == "40020004.5"


def test_miembros_fraccion_rechazado(caso, importar):
    filas = importar(caso("02-dni-float-punto-cero.csv"))

    assert codigos(filas[6]) == ["E-MIEMBROS"]
    assert filas[6].errores[0].columna == "miembros_hogar"


def test_caso_02_nunca_guarda_punto_cero(caso, importar):
    filas = importar(caso("02-dni-float-punto-cero.csv"))

    guardados = [str(valor) for fila in filas.values() if fila.valores for valor in fila.valores.values()]
    assert not any(valor.endswith(".0") for valor in guardados)
    assert sum(fila.valores is not None for fila in filas.values()) == 3
