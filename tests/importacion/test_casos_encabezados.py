"""Casos de muestra 09, 09b, 10, 12 y 13: dónde está el encabezado y qué hoja tiene los datos."""

import time
from datetime import date

import pytest
import xlsxwriter

from beneficiarios.importacion.validacion import leer_padron, validar_padron
from canastas.hojas.lector import ArchivoRechazado
from tests.importacion.conftest import HOY, UBIGEOS, codigos, valores_en_orden
from tests.importacion.generar_padron import ENCABEZADOS


def test_variantes_de_encabezado(caso, importar):
    filas = importar(caso("09-encabezados-variantes.xlsx"))

    assert valores_en_orden(filas[2]) == (
        "DNI", "40090002", "MEDINA", "RIOS", "FRANCISCO", date(1974, 4, 4), "M", "987090002",
        "JR. LOS OLIVOS 14", "150132", 3,
    )
    assert valores_en_orden(filas[3]) == (
        "DNI", "40090003", "HUARANGA", "VILCA", "LIDIA", date(1986, 12, 24), "F", "987090003",
        "AV. SANTA ROSA 1020", "150132", 6,
    )
    assert valores_en_orden(filas[4]) == (
        "DNI", "40090004", "ORTIZ", "CAMPOS", "DAVID", date(1951, 3, 9), "M", "987090004",
        "CALLE LOS ROBLES 33", "150103", 1,
    )


def test_columna_desconocida_advierte(caso):
    resultado = validar_padron(caso("09-encabezados-variantes.xlsx"), ubigeos_validos=UBIGEOS, hoy=HOY)

    assert [codigo for codigo, _ in resultado.advertencias_archivo] == ["W-COL-IGNORADA"]
    assert "Observaciones" in resultado.advertencias_archivo[0][1]
    assert "(L)" in resultado.advertencias_archivo[0][1]


def test_columna_obligatoria_faltante(caso):
    with pytest.raises(ArchivoRechazado) as rechazo:
        leer_padron(caso("09b-columna-obligatoria-faltante.xlsx"))

    assert rechazo.value.codigo == "F-COLUMNA-FALTANTE"
    assert "ubigeo" in rechazo.value.mensaje


def test_columna_ubigeo_opcional_con_distrito(caso, importar):
    filas = importar(caso("09b-columna-obligatoria-faltante.xlsx"), distrito_fijo="150132")

    assert sorted(filas) == [2, 3]
    assert filas[2].valores["ubigeo"] == "150132"
    assert filas[3].valores["ubigeo"] == "150132"


def test_encabezado_en_fila_4(caso):
    hoja = leer_padron(caso("10-filas-titulo-encabezado-desplazado.xlsx"))

    assert hoja.fila_encabezado == 4


def test_filas_de_titulo_no_son_datos(caso, importar):
    filas = importar(caso("10-filas-titulo-encabezado-desplazado.xlsx"))

    assert sorted(filas) == [5, 6, 7]
    assert valores_en_orden(filas[5]) == (
        "DNI", "40100005", "INFANTE", "CHUQUI", "ROXANA", date(1983, 7, 7), "F", "987100005",
        "JR. CHINCHAYSUYO 44", "150132", 4,
    )
    assert valores_en_orden(filas[6]) == (
        "DNI", "40100006", "POMA", "GUTIERREZ", "ALEJANDRO", date(1962, 10, 1), "M", "987100006",
        "AV. LOS JARDINES 1", "150132", 2,
    )


def test_error_nombra_fila_de_la_hoja(caso, importar):
    filas = importar(caso("10-filas-titulo-encabezado-desplazado.xlsx"))

    assert codigos(filas[7]) == ["E-SEXO"]
    assert filas[7].errores[0].fila == 7
    assert filas[7].errores[0].mensaje.startswith("Fila 7,")
    assert "«X»" in filas[7].errores[0].mensaje


def test_filas_vacias_se_saltan(caso, importar):
    filas = importar(caso("12-filas-vacias-fantasma.xlsx"))

    assert sorted(filas) == [2, 3, 5, 6]
    assert all(fila.valores is not None for fila in filas.values())


def test_filas_vacias_valores(caso, importar):
    filas = importar(caso("12-filas-vacias-fantasma.xlsx"))

    assert valores_en_orden(filas[2]) == (
        "DNI", "40120002", "VELASQUEZ", "ARCE", "DINA", date(1981, 4, 1), "F", "987120002",
        "JR. MOQUEGUA 4", "150132", 2,
    )
    assert valores_en_orden(filas[3]) == (
        "DNI", "40120003", "VELASQUEZ", "ARCE", "OMAR", date(1979, 4, 2), "M", "987120003",
        "JR. MOQUEGUA 4", "150132", 2,
    )
    assert valores_en_orden(filas[5]) == (
        "DNI", "40120005", "HUAMANI", "SOLIS", "YOLANDA", date(1960, 6, 6), "F", "987120005",
        "CALLE 3 MZ. A LT. 1", "150103", 5,
    )
    assert valores_en_orden(filas[6]) == (
        "DNI", "40120006", "HUAMANI", "SOLIS", "ERNESTO", date(1958, 7, 7), "M", "987120006",
        "CALLE 3 MZ. A LT. 1", "150103", 5,
    )


def test_filas_fantasma_terminan_rapido(caso, importar):
    inicio = time.perf_counter()
    importar(caso("12-filas-vacias-fantasma.xlsx"))

    assert time.perf_counter() - inicio < 5


def test_hoja_oculta_no_se_lee(caso, importar):
    filas = importar(caso("13-hojas-multiples-oculta.xlsx"))

    documentos = [fila.valores["numero_documento"] for fila in filas.values()]
    assert "99999999" not in documentos
    assert sorted(documentos) == ["40130002", "40130003", "40130004"]


def test_hoja_elegida_no_es_la_activa(caso):
    hoja = leer_padron(caso("13-hojas-multiples-oculta.xlsx"))

    assert hoja.nombre == "Padron"


def test_hojas_multiples_valores(caso, importar):
    filas = importar(caso("13-hojas-multiples-oculta.xlsx"))

    assert valores_en_orden(filas[2]) == (
        "DNI", "40130002", "SULCA", "HUAMAN", "AURELIA", date(1972, 2, 2), "F", "987130002",
        "JR. ICA 10", "150132", 4,
    )
    assert valores_en_orden(filas[3]) == (
        "DNI", "40130003", "SULCA", "HUAMAN", "TEODORO", date(1970, 3, 3), "M", "987130003",
        "JR. ICA 10", "150132", 4,
    )
    assert valores_en_orden(filas[4]) == (
        "DNI", "40130004", "BARRETO", "NEYRA", "SILVIA", date(1994, 4, 4), "F", "987130004",
        "AV. GRAN CHIMU 500", "130101", 2,
    )


def test_sin_encabezado_lista_los_esperados(tmp_path):
    ruta = tmp_path / "sin_encabezado.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    libro.add_worksheet("Hoja1").write_row(0, 0, ["Lista de vecinos", "", "DNI"])
    oculta = libro.add_worksheet("Datos")
    oculta.write_row(0, 0, ENCABEZADOS)
    oculta.hide()
    libro.close()

    with pytest.raises(ArchivoRechazado) as rechazo:
        leer_padron(ruta)

    assert rechazo.value.codigo == "F-ENCABEZADO"
    assert "tipo_documento" in rechazo.value.mensaje
    assert "miembros_hogar" in rechazo.value.mensaje
    assert "«Datos»" in rechazo.value.mensaje


def test_encabezado_desde_columna_c(tmp_path, importar):
    ruta = tmp_path / "desplazado.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    hoja = libro.add_worksheet()
    hoja.write_row(2, 2, ENCABEZADOS + ["Notas"])
    hoja.write_row(3, 2, ["DNI", "40000001", "ROJAS", "", "ANA", "", "F", "", "JR. UNO 1", "150132", 2, "x"])
    libro.close()

    resultado = validar_padron(ruta, ubigeos_validos=UBIGEOS, hoy=HOY)

    assert resultado.validas[0].fila == 4
    assert resultado.validas[0].valores["numero_documento"] == "40000001"
    assert "(N)" in resultado.advertencias_archivo[0][1]


def test_columna_repetida_rechazada(tmp_path):
    ruta = tmp_path / "repetida.csv"
    ruta.write_text(",".join(ENCABEZADOS + ["DNI"]) + "\n" + "DNI,1,A,,B,,,,C,150132,1,2\n", encoding="utf-8")

    with pytest.raises(ArchivoRechazado) as rechazo:
        leer_padron(ruta)

    assert rechazo.value.codigo == "F-COLUMNA-REPETIDA"
