"""Casos de muestra 07, 08, 16 y 17 y CSV generados: codificaciones, separadores y vacíos."""

from datetime import date

import pytest

from beneficiarios.importacion.validacion import leer_padron
from canastas.hojas.lector import ArchivoRechazado
from tests.importacion.conftest import codigos, valores_en_orden
from tests.importacion.generar_padron import ENCABEZADOS

ENCABEZADO_CSV = ",".join(ENCABEZADOS)


def test_cp1252_punto_y_coma_comillas(caso, importar):
    filas = importar(caso("07-csv-excel-es-cp1252-punto-y-coma.csv"))

    assert valores_en_orden(filas[2]) == (
        "DNI", "40070002", "MUÑOZ", "PEÑA", "JOSÉ ÁNGEL", date(1977, 3, 12), "M", "987070002",
        "JR. HUÁSCAR 456; INT. 2", "150132", 4,
    )


def test_cp1252_coma_dentro_de_campo(caso, importar):
    filas = importar(caso("07-csv-excel-es-cp1252-punto-y-coma.csv"))

    assert valores_en_orden(filas[3]) == (
        "DNI", "40070003", "ÑAUPARI", "HUAMÁN", "MARÍA DEL ROSARIO", date(1983, 10, 1), "F", "987070003",
        "AV. PERÚ 123, SMP", "150135", 5,
    )


def test_cp1252_dni_texto_con_cero(caso, importar):
    filas = importar(caso("07-csv-excel-es-cp1252-punto-y-coma.csv"))

    assert valores_en_orden(filas[4]) == (
        "DNI", "04070004", "CÁRDENAS", "QUIÑONES", "RAÚL", date(1959, 2, 28), "M", "987070004",
        "CALLE LAS ÑUSTAS 12", "080101", 2,
    )
    assert filas[4].advertencias == []


def test_cp1252_apostrofo_y_dieresis(caso, importar):
    filas = importar(caso("07-csv-excel-es-cp1252-punto-y-coma.csv"))

    assert valores_en_orden(filas[5]) == (
        "DNI", "40070005", "D'ALESSANDRO", "GÜERE", "ÚRSULA", date(1992, 11, 17), "F", "987070005",
        "AA.HH. SEÑOR DE LOS MILAGROS MZ. B LT. 5", "200101", 6,
    )


def test_caso_07_sin_errores(caso, importar):
    filas = importar(caso("07-csv-excel-es-cp1252-punto-y-coma.csv"))

    assert sorted(filas) == [2, 3, 4, 5]
    assert all(fila.valores is not None for fila in filas.values())


def test_bom_utf8_mapea_primera_columna(caso, importar):
    filas = importar(caso("08-csv-utf8-bom.csv"))

    assert valores_en_orden(filas[2]) == (
        "DNI", "40080002", "BENITES", "ÁLVAREZ", "GLADYS", date(1965, 5, 5), "F", "987080002",
        "JR. CAJAMARCA 20", "150132", 3,
    )
    assert valores_en_orden(filas[3]) == (
        "DNI", "40080003", "SALDAÑA", "OBREGÓN", "ISAÍAS", date(1988, 9, 19), "M", "987080003",
        "AV. CANTA CALLAO 900", "150135", 4,
    )
    assert valores_en_orden(filas[4]) == (
        "DNI", "40080004", "LÓPEZ", "NÚÑEZ", "ANGÉLICA", date(2000, 1, 30), "F", "987080004",
        "CALLE 12 MZ. F LT. 3", "150103", 2,
    )


def test_bom_utf8_encabezado_limpio(caso):
    hoja = leer_padron(caso("08-csv-utf8-bom.csv"))

    assert hoja.encabezados[0] == "tipo_documento"


def test_csv_vacio_rechazado(tmp_path):
    ruta = tmp_path / "26b-vacio.csv"
    ruta.write_bytes(b"")

    with pytest.raises(ArchivoRechazado) as rechazo:
        leer_padron(ruta)

    assert rechazo.value.codigo == "F-VACIO"


def test_csv_solo_espacios_rechazado():
    with pytest.raises(ArchivoRechazado) as rechazo:
        leer_padron(b"\xef\xbb\xbf \r\n\r\n")

    assert rechazo.value.codigo == "F-VACIO"


def test_csv_solo_encabezado_rechazado(tmp_path):
    ruta = tmp_path / "26c-solo-encabezado.csv"
    ruta.write_bytes((ENCABEZADO_CSV + "\r\n").encode())

    with pytest.raises(ArchivoRechazado) as rechazo:
        leer_padron(ruta)

    assert rechazo.value.codigo == "F-SIN-FILAS"
    assert "fila 1" in rechazo.value.mensaje


def test_csv_encabezado_y_filas_en_blanco(tmp_path):
    ruta = tmp_path / "blancos.csv"
    ruta.write_bytes((ENCABEZADO_CSV + "\r\n,,,,,,,,,,\r\n , \u00a0,\t\r\n").encode())

    with pytest.raises(ArchivoRechazado) as rechazo:
        leer_padron(ruta)

    assert rechazo.value.codigo == "F-SIN-FILAS"


def test_punto_y_coma_utf8(tmp_path, importar):
    contenido = (
        ";".join(ENCABEZADOS) + "\n"
        + 'DNI;40070002;MUÑOZ;PEÑA;JOSÉ;12/03/1977;M;987070002;"JR. LIMA; 4";150132;4\n'
    )
    ruta = tmp_path / "punto_y_coma.csv"
    ruta.write_text(contenido, encoding="utf-8")

    filas = importar(ruta)

    assert valores_en_orden(filas[2]) == (
        "DNI", "40070002", "MUÑOZ", "PEÑA", "JOSÉ", date(1977, 3, 12), "M", "987070002",
        "JR. LIMA; 4", "150132", 4,
    )


def test_utf16_tabulado(tmp_path, importar):
    # Excel «Texto Unicode» guarda UTF-16 con BOM y separa con tabulaciones.
    contenido = (
        "\t".join(ENCABEZADOS) + "\r\n"
        + "DNI\t40070002\tÑAUPARI\t\tROSA\t\tF\t\tJR. PUNO 1\t150132\t2\r\n"
    )
    ruta = tmp_path / "unicode.txt"
    ruta.write_bytes(contenido.encode("utf-16"))

    filas = importar(ruta)

    assert filas[2].valores["apellido_paterno"] == "ÑAUPARI"
    assert filas[2].valores["miembros_hogar"] == 2


def test_campo_con_salto_de_linea_cuenta_una_fila(tmp_path, importar):
    contenido = (
        ENCABEZADO_CSV + "\r\n"
        + 'DNI,40000001,ROJAS,,ANA,,F,,"JR. UNO 1\nINTERIOR 2",150132,2\r\n'
        + "DNI,40000002,ROJAS,,LUIS,,M,,JR. UNO 1,150132,X\r\n"
    )
    ruta = tmp_path / "multilinea.csv"
    ruta.write_text(contenido, encoding="utf-8")

    filas = importar(ruta)

    assert filas[2].valores["direccion"] == "JR. UNO 1 INTERIOR 2"
    assert codigos(filas[3]) == ["E-MIEMBROS"]


def test_fila_corta_se_completa(tmp_path, importar):
    contenido = ENCABEZADO_CSV + "\n" + "DNI,40000001,ROJAS,,ANA\n"
    ruta = tmp_path / "corta.csv"
    ruta.write_text(contenido, encoding="utf-8")

    filas = importar(ruta)

    assert sorted(codigos(filas[2])) == ["E-REQUERIDO", "E-REQUERIDO", "E-REQUERIDO"]


def test_duplicados_bd_parte_del_archivo(caso, importar):
    # Los duplicados contra la base de datos los marca la capa de base de datos;
    # aquí las cuatro filas son válidas y llegan limpias.
    filas = importar(caso("16-duplicados-contra-bd.csv"))

    assert [filas[numero].valores["numero_documento"] for numero in (2, 3, 4, 5)] == [
        "40160002", "40160003", "40160004", "40160005",
    ]
    assert valores_en_orden(filas[4]) == (
        "DNI", "40160004", "CANCHARI", "DIAZ", "LUCIA", date(1994, 4, 4), "F", "987160004",
        "JR. TUMBES 4", "150132", 4,
    )
    assert valores_en_orden(filas[5]) == (
        "DNI", "40160005", "DELGADO", "ESPINO", "VICTOR", date(1965, 5, 5), "M", "987160005",
        "JR. TUMBES 5", "150132", 1,
    )


def test_atomicidad_vista_previa(caso, importar):
    filas = importar(caso("17-atomicidad-error-a-mitad.csv"))

    assert sorted(numero for numero, fila in filas.items() if fila.valores) == [2, 3, 4, 6]
    assert codigos(filas[5]) == ["E-LONGITUD"]
    assert filas[5].errores[0].columna == "apellido_paterno"
    assert codigos(filas[7]) == ["E-MIEMBROS"]
    assert filas[7].errores[0].valor == "99999999999"


def test_atomicidad_valores_validos(caso, importar):
    filas = importar(caso("17-atomicidad-error-a-mitad.csv"))

    assert valores_en_orden(filas[2]) == (
        "DNI", "40170002", "CHUMPITAZ", "RAMOS", "ADELA", date(1970, 1, 10), "F", "987170002",
        "JR. NAZCA 2", "150132", 2,
    )
    assert valores_en_orden(filas[3]) == (
        "DNI", "40170003", "CHUMPITAZ", "RAMOS", "BRUNO", date(1971, 1, 11), "M", "987170003",
        "JR. NAZCA 2", "150132", 2,
    )
    assert valores_en_orden(filas[4]) == (
        "DNI", "40170004", "DAVILA", "SANCHEZ", "CLARA", date(1972, 1, 12), "F", "987170004",
        "JR. NAZCA 4", "150132", 3,
    )
    assert valores_en_orden(filas[6]) == (
        "DNI", "40170006", "ESCOBAR", "TELLO", "ELISA", date(1974, 1, 14), "F", "987170006",
        "JR. NAZCA 6", "150132", 1,
    )
