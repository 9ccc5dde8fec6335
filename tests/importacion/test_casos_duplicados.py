"""Casos de muestra 15 y 16: documentos repetidos dentro del archivo."""

from datetime import date

import pytest

from beneficiarios.importacion.validacion import leer_padron
from canastas.hojas.lector import ArchivoRechazado, leer_hoja
from tests.importacion.conftest import codigos, codigos_advertencia, valores_en_orden


def test_primera_aparicion_se_importa(caso, importar):
    filas = importar(caso("15-duplicados-en-archivo.xlsx"))

    assert valores_en_orden(filas[2]) == (
        "DNI", "40150002", "ROJAS", "CARHUAS", "ELVA", date(1976, 6, 16), "F", "987150002",
        "JR. ANCASH 16", "150132", 3,
    )
    assert valores_en_orden(filas[3]) == (
        "DNI", "40150003", "NIETO", "GAMARRA", "CESAR", date(1980, 8, 18), "M", "987150003",
        "JR. LORETO 18", "150132", 2,
    )


def test_duplicado_con_otro_telefono(caso, importar):
    filas = importar(caso("15-duplicados-en-archivo.xlsx"))

    assert codigos(filas[4]) == ["E-DUP-ARCHIVO"]
    assert "duplicado de la fila 2" in filas[4].errores[0].mensaje


def test_duplicado_tras_quitar_espacios(caso, importar):
    filas = importar(caso("15-duplicados-en-archivo.xlsx"))

    assert codigos(filas[5]) == ["E-DUP-ARCHIVO"]
    assert "duplicado de la fila 3" in filas[5].errores[0].mensaje
    assert filas[5].errores[0].valor == " 40150003 "


def test_copia_exacta_duplicada(caso, importar):
    filas = importar(caso("15-duplicados-en-archivo.xlsx"))

    assert codigos(filas[6]) == ["E-DUP-ARCHIVO"]
    assert "duplicado de la fila 3" in filas[6].errores[0].mensaje


def test_duplicado_tras_rellenar_ceros(caso, importar):
    filas = importar(caso("15-duplicados-en-archivo.xlsx"))

    assert valores_en_orden(filas[7]) == (
        "DNI", "04150007", "ALVA", "MEJIA", "ROSARIO", date(1967, 7, 7), "F", "987150007",
        "AV. PRIMAVERA 7", "150135", 4,
    )
    assert codigos_advertencia(filas[7]) == ["W-PAD"]
    assert codigos(filas[8]) == ["E-DUP-ARCHIVO"]
    assert "duplicado de la fila 7" in filas[8].errores[0].mensaje


def test_caso_15_totales(caso, importar):
    filas = importar(caso("15-duplicados-en-archivo.xlsx"))

    assert sum(fila.valores is not None for fila in filas.values()) == 3
    assert sum(fila.valores is None for fila in filas.values()) == 4


def test_caso_16_sin_duplicados_internos(caso, importar):
    filas = importar(caso("16-duplicados-contra-bd.csv"))

    assert all(fila.errores == [] for fila in filas.values())
    assert sorted(filas) == [2, 3, 4, 5]


def test_fixture_bd_se_lee_como_hoja(caso):
    # El archivo con los datos previos lo carga la capa de base de datos. Aquí
    # solo se comprueba que el lector genérico lo abre.
    hoja = leer_hoja(
        caso("16-fixture-bd-previa.csv"),
        es_encabezado=lambda valores: "municipalidad" in valores,
        encabezados_esperados=["municipalidad"],
    )

    filas = list(hoja.filas())
    assert [numero for numero, _ in filas] == [2, 3]
    assert filas[0][1][3] == "40160002"
    assert filas[1][1][10] == "CALLE SECRETA 99"


def test_fixture_bd_no_es_un_padron(caso):
    with pytest.raises(ArchivoRechazado) as rechazo:
        leer_padron(caso("16-fixture-bd-previa.csv"))

    assert rechazo.value.codigo == "F-COLUMNA-REPETIDA"


def test_dni_y_ce_iguales_no_son_duplicados(tmp_path, importar):
    ruta = tmp_path / "tipos.csv"
    ruta.write_text(
        "tipo_documento,numero_documento,apellido_paterno,nombres,direccion,ubigeo,miembros_hogar\n"
        "DNI,01234567,ROJAS,ANA,JR. UNO 1,150132,1\n"
        "CE,01234567,ROJAS,ANA,JR. UNO 1,150132,1\n"
        "D.N.I.,1234567,ROJAS,ANA,JR. UNO 1,150132,1\n",
        encoding="utf-8",
    )

    filas = importar(ruta)

    assert filas[2].errores == []
    assert filas[3].errores == []
    assert codigos(filas[4]) == ["E-DUP-ARCHIVO"]


def test_duplicado_junta_otros_errores(tmp_path, importar):
    ruta = tmp_path / "varios.csv"
    ruta.write_text(
        "tipo_documento,numero_documento,apellido_paterno,nombres,sexo,direccion,ubigeo,miembros_hogar\n"
        "DNI,40000001,ROJAS,ANA,F,JR. UNO 1,150132,1\n"
        "DNI,40000001,ROJAS,ANA,Z,JR. UNO 1,999999,0\n",
        encoding="utf-8",
    )

    filas = importar(ruta)

    assert codigos(filas[3]) == ["E-SEXO", "E-UBIGEO", "E-MIEMBROS", "E-DUP-ARCHIVO"]
