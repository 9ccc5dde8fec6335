"""Reglas de cada columna del padrón y limpieza genérica de textos y encabezados."""

from datetime import date

import pytest

from beneficiarios.importacion.columnas import columnas_padron
from beneficiarios.importacion.validacion import leer_padron, validar_filas
from canastas.importacion.columnas import (
    Contexto,
    ErrorCelda,
    MapeadorEncabezados,
    letra_columna,
    limpiar_texto,
    normalizar_encabezado,
)
from tests.importacion.conftest import HOY, UBIGEOS

SINONIMOS = {
    "tipo_documento": ["tipo documento", "Tipo de Documento", "TIPO DOC", "tipo_documento"],
    "numero_documento": [
        "numero documento", "Número de documento", "Nro. documento", "N° documento", "num doc", "DNI",
        " N° DNI ", "Nº DNI", "nro_dni",
    ],
    "apellido_paterno": ["Apellido Paterno", "ap. paterno", "AP_PATERNO"],
    "apellido_materno": ["Apellido  Materno", "Ap. Materno"],
    "nombres": ["nombre", "NOMBRES "],
    "fecha_nacimiento": ["Fecha\u00a0de Nacimiento", "fecha nacimiento", "F. Nacimiento", "Fec. Nac."],
    "sexo": ["Sexo", "Género", "genero"],
    "telefono": ["Teléfono", "celular", "Tel."],
    "direccion": ["Dirección", "domicilio"],
    "ubigeo": ["UBIGEO", "Código Ubigeo"],
    "miembros_hogar": [
        "miembros hogar", "Miembros del hogar", "N° miembros del hogar", "Nro. miembros", "integrantes_hogar",
    ],
}


def _columna(nombre, **opciones):
    opciones.setdefault("ubigeos_validos", UBIGEOS)
    return next(columna for columna in columnas_padron(**opciones) if columna.nombre == nombre)


def _limpiar(nombre, valor, *, tipo="DNI", **opciones):
    contexto = Contexto(hoy=HOY)
    contexto.valores = {"tipo_documento": tipo}
    return _columna(nombre, **opciones).limpiar(valor, contexto), contexto.advertencias


def _codigo_error(nombre, valor, **opciones):
    with pytest.raises(ErrorCelda) as error:
        _limpiar(nombre, valor, **opciones)
    return error.value.codigo


@pytest.mark.parametrize(("nombre", "variante"), [(n, v) for n, vs in SINONIMOS.items() for v in vs])
def test_sinonimo_de_encabezado(nombre, variante):
    mapeador = MapeadorEncabezados(columnas_padron(ubigeos_validos=UBIGEOS))

    assert mapeador.columna_de(variante).nombre == nombre


def test_normalizar_encabezado_quita_signos():
    assert normalizar_encabezado("  N°\u00a0de_Miembros.  ") == "n de miembros"


def test_letra_columna():
    letras = [letra_columna(0), letra_columna(25), letra_columna(26), letra_columna(16383)]

    assert letras == ["A", "Z", "AA", "XFD"]


@pytest.mark.parametrize(
    ("crudo", "limpio"),
    [
        ("  MARÍA\u00a0ELENA  ", "MARÍA ELENA"),
        ("QUISPE\t", "QUISPE"),
        ("JUAN  CARLOS", "JUAN CARLOS"),
        ("N\u0303AUPARI", "\u00d1AUPARI"),
        ("4019\u200b0005", "40190005"),
        ("\ufeffDNI", "DNI"),
        ("A\u2009B\u3000C", "A B C"),
        ("\u00a0 \t", ""),
    ],
)
def test_limpiar_texto(crudo, limpio):
    assert limpiar_texto(crudo) == limpio


@pytest.mark.parametrize(
    ("valor", "tipo"),
    [("DNI", "DNI"), ("dni", "DNI"), ("D.N.I.", "DNI"), ("CE", "CE"), ("C.E.", "CE"),
     ("carné de extranjería", "CE"), ("CARNET DE EXTRANJERIA", "CE")],
)
def test_tipo_documento_variantes(valor, tipo):
    assert _limpiar("tipo_documento", valor)[0] == tipo


@pytest.mark.parametrize("valor", ["PASAPORTE", "RUC", 1])
def test_tipo_documento_invalido(valor):
    assert _codigo_error("tipo_documento", valor) == "E-TIPO-DOC"


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [(40020001.0, "40020001"), (40020001, "40020001"), ("40020001.0", "40020001"), ("'01234567", "01234567"),
     (" 40150003 ", "40150003"), ("40190002\u00a0", "40190002")],
)
def test_dni_sin_advertencia(valor, esperado):
    limpio, advertencias = _limpiar("numero_documento", valor)

    assert limpio == esperado
    assert advertencias == []


def test_dni_corto_advierte_w_pad():
    limpio, advertencias = _limpiar("numero_documento", 1234567.0)

    assert limpio == "01234567"
    assert [codigo for _, codigo, _ in advertencias] == ["W-PAD"]


@pytest.mark.parametrize(
    ("valor", "codigo"),
    [("4.00E+07", "E-CIENTIFICO"), ("4,002E+7", "E-CIENTIFICO"), (40020004.5, "E-DOC-DECIMAL"),
     ("40020004.5", "E-DOC-DECIMAL"), ("40190002-5", "E-DNI-FORMATO"), ("4O190002", "E-DNI-FORMATO"),
     ("４０１９０００２", "E-DNI-FORMATO"), ("400100055", "E-DNI-LONGITUD"), (400100055.0, "E-DNI-LONGITUD"),
     (-1.0, "E-DOC-DECIMAL"), ("", "E-REQUERIDO")],
)
def test_dni_rechazos(valor, codigo):
    assert _codigo_error("numero_documento", valor) == codigo


def test_ce_se_guarda_sin_rellenar():
    assert _limpiar("numero_documento", "001234567", tipo="CE") == ("001234567", [])
    assert _limpiar("numero_documento", 1234567.0, tipo="CE") == ("1234567", [])


def test_ce_muy_largo():
    assert _codigo_error("numero_documento", "1" * 21, tipo="CE") == "E-LONGITUD"


@pytest.mark.parametrize(
    "valor", ["D'ALESSANDRO", "DE LA CRUZ", "SAINT-JEAN", "MA. DEL PILAR", "GÜERE", "ÑAUPARI"]
)
def test_nombre_valido(valor):
    assert _limpiar("nombres", valor)[0] == valor


@pytest.mark.parametrize("valor", ["@SUMA(1+1)", "JUAN 2", "=A1", "---", "ANA×", 123])
def test_nombre_con_caracteres_invalidos(valor):
    assert _codigo_error("nombres", valor) == "E-CARACTERES"


def test_nombre_muy_largo():
    assert _codigo_error("apellido_paterno", "A" * 101) == "E-LONGITUD"
    assert _limpiar("apellido_paterno", "A" * 100)[0] == "A" * 100


def test_apellido_materno_opcional():
    assert _limpiar("apellido_materno", "  ") == ("", [])


@pytest.mark.parametrize(
    ("valor", "sexo"),
    [("M", "M"), ("f", "F"), ("Masculino", "M"), ("FEMENINO", "F"), ("hombre", "M"), ("Mujer", "F"), ("", "")],
)
def test_sexo_variantes(valor, sexo):
    assert _limpiar("sexo", valor)[0] == sexo


@pytest.mark.parametrize("valor", ["X", "MASC", 1])
def test_sexo_invalido(valor):
    assert _codigo_error("sexo", valor) == "E-SEXO"


@pytest.mark.parametrize(
    ("valor", "telefono"),
    [("987 654 321", "987654321"), ("987-654-321", "987654321"), ("(987) 654321", "987654321"),
     ("+51 987 654 321", "987654321"), ("51987654321", "987654321"), (987654321.0, "987654321"),
     ("987654321.0", "987654321"), (987654321, "987654321")],
)
def test_telefono_valido(valor, telefono):
    assert _limpiar("telefono", valor) == (telefono, [])


@pytest.mark.parametrize(
    "valor", ["01 4445555", "87654321", "9.87654321E+08", "+1 987654321", 9876543.5, "celular"]
)
def test_telefono_invalido_se_vacia(valor):
    limpio, advertencias = _limpiar("telefono", valor)

    assert limpio == ""
    assert [codigo for _, codigo, _ in advertencias] == ["W-TEL"]


@pytest.mark.parametrize(
    ("valor", "ubigeo"), [("150132", "150132"), (40101.0, "040101"), (40101, "040101"), ("40101", "040101"),
                          ("150132.0", "150132")],
)
def test_ubigeo_valido(valor, ubigeo):
    assert _limpiar("ubigeo", valor) == (ubigeo, [])


@pytest.mark.parametrize("valor", ["999999", "1.5E+05", "15013", "1501322", "LIMA", 150132.5])
def test_ubigeo_invalido(valor):
    assert _codigo_error("ubigeo", valor) == "E-UBIGEO"


def test_ubigeo_de_otro_distrito():
    assert _codigo_error("ubigeo", "150103", distrito_fijo="150132") == "E-JURISDICCION"


def test_ubigeo_vacio_con_distrito_fijo():
    assert _limpiar("ubigeo", "", distrito_fijo="150132") == ("150132", [])


def test_ubigeo_vacio_sin_distrito_fijo():
    assert _codigo_error("ubigeo", "") == "E-REQUERIDO"


@pytest.mark.parametrize(("valor", "miembros"), [(4, 4), (4.0, 4), ("4", 4), ("4.0", 4), (" 30 ", 30), (1, 1)])
def test_miembros_valido(valor, miembros):
    assert _limpiar("miembros_hogar", valor)[0] == miembros


@pytest.mark.parametrize("valor", [2.5, "2.5", "tres", "3 personas", 0, -1, "99999999999", 31, True, ""])
def test_miembros_invalido(valor):
    codigo = "E-REQUERIDO" if valor == "" else "E-MIEMBROS"

    assert _codigo_error("miembros_hogar", valor) == codigo


def test_direccion_literal_y_larga():
    assert _limpiar("direccion", "=1+1")[0] == "=1+1"
    assert _limpiar("direccion", 123.0)[0] == "123"
    assert _codigo_error("direccion", "X" * 201) == "E-LONGITUD"


def test_fila_junta_todos_los_errores(tmp_path):
    ruta = tmp_path / "errores.csv"
    ruta.write_text(
        "tipo_documento,numero_documento,apellido_paterno,nombres,fecha_nacimiento,sexo,direccion,ubigeo,"
        "miembros_hogar\n"
        "PASAPORTE,123,QUISPE2,,31/02/1990,Z,,999999,0\n",
        encoding="utf-8",
    )

    [fila] = list(validar_filas(leer_padron(ruta), ubigeos_validos=UBIGEOS, hoy=HOY))

    assert fila.valores is None
    assert [error.codigo for error in fila.errores] == [
        "E-TIPO-DOC", "E-CARACTERES", "E-REQUERIDO", "E-FECHA-INVALIDA", "E-SEXO", "E-REQUERIDO", "E-UBIGEO",
        "E-MIEMBROS",
    ]
    assert all(error.mensaje.startswith("Fila 2, columna «") for error in fila.errores)


def test_sub_administrador_sin_columna_ubigeo(tmp_path):
    ruta = tmp_path / "distrito.csv"
    ruta.write_text(
        "tipo_documento,numero_documento,apellido_paterno,nombres,direccion,miembros_hogar\n"
        "DNI,40000001,ROJAS,ANA,JR. UNO 1,2\n",
        encoding="utf-8",
    )

    [fila] = list(validar_filas(leer_padron(ruta, distrito_fijo="150132"), ubigeos_validos=UBIGEOS,
                                distrito_fijo="150132", hoy=HOY))

    assert fila.valores["ubigeo"] == "150132"
    assert fila.valores["fecha_nacimiento"] is None
    assert fila.valores["telefono"] == ""


def test_sub_administrador_rechaza_otro_distrito(caso, importar):
    filas = importar(caso("15-duplicados-en-archivo.xlsx"), distrito_fijo="150132")

    assert filas[2].errores == []
    assert [error.codigo for error in filas[7].errores] == ["E-JURISDICCION"]


def test_fecha_celda_datetime_con_hora():
    from datetime import datetime

    assert _limpiar("fecha_nacimiento", datetime(1990, 1, 1, 18, 30))[0] == date(1990, 1, 1)
