"""Columnas del padrón de hogares y la limpieza de cada una.

Reglas de negocio del padrón que suben las municipalidades: qué encabezados se
aceptan, qué valores son válidos y con qué código se rechaza o advierte cada
caso. `columnas_padron` arma las columnas de una importación. La columna
ubigeo depende del catálogo de distritos y del distrito del usuario, que
vienen de la base de datos y se pasan como argumentos.
"""

import math
import re
from collections.abc import Container
from typing import Any

from canastas.importacion.columnas import (
    Columna,
    ColumnaEntero,
    ColumnaFecha,
    ColumnaOpciones,
    ColumnaTexto,
    Contexto,
    ErrorCelda,
    citar,
    valor_a_texto,
)

TIPO_DNI = "DNI"
TIPO_CE = "CE"

LARGO_DNI = 8
LARGO_MAXIMO_CE = 20
LARGO_UBIGEO = 6
LARGO_MAXIMO_NOMBRE = 100
LARGO_MAXIMO_DIRECCION = 200
MIEMBROS_MINIMO = 1
MIEMBROS_MAXIMO = 30
EDAD_MAXIMA_ANIOS = 120

# Un número escrito como texto: «40020001.0» (exportado como decimal), «4.00E+07»
# (notación científica de Excel) o con fracción verdadera.
_CON_DECIMAL_CERO = re.compile(r"(\d+)[.,]0+")
_CON_DECIMALES = re.compile(r"\d*[.,]\d+")
_NOTACION_CIENTIFICA = re.compile(r"[+-]?\d*[.,]?\d+[eE][+-]?\d+")

# Letras latinas (tildes, ñ, ü y demás letras de Latin-1, sin × ni ÷), espacio, ' - .
_NOMBRE_PERMITIDO = re.compile(r"(?=.*[A-Za-zÀ-ÖØ-öø-ÿ])[A-Za-zÀ-ÖØ-öø-ÿ '\-.]+")
_NOMBRE_PERMITIDOS_AYUDA = "letras (con tildes, ñ o ü), espacios, apóstrofo ('), guion (-) y punto (.)"

_SEPARADORES_TELEFONO = str.maketrans("", "", " -()")


def _digitos_de_numero(valor: float) -> str | None:
    """Dígitos de un número entero guardado como decimal (40020001.0 → «40020001»)."""
    if math.isfinite(valor) and valor.is_integer() and valor >= 0:
        return str(int(valor))
    return None


class ColumnaTipoDocumento(ColumnaOpciones):
    def __init__(self) -> None:
        super().__init__(
            "tipo_documento",
            sinonimos=("tipo documento", "tipo de documento", "tipo doc"),
            requerida=True,
            etiqueta="el tipo de documento (DNI o CE)",
            opciones={
                "DNI": TIPO_DNI,
                "CE": TIPO_CE,
                "CARNE DE EXTRANJERIA": TIPO_CE,
                "CARNET DE EXTRANJERIA": TIPO_CE,
                "CARNE EXTRANJERIA": TIPO_CE,
                "CARNET EXTRANJERIA": TIPO_CE,
            },
            codigo="E-TIPO-DOC",
            ayuda="Escriba DNI o CE (carné de extranjería).",
        )


class ColumnaNumeroDocumento(Columna):
    """Número de documento como texto; las reglas de DNI dependen del tipo de la misma fila.

    Para un DNI: solo dígitos, hasta 8; si tiene menos (Excel quita los ceros
    iniciales de una celda numérica) se completa con ceros a la izquierda y se
    advierte con W-PAD. Para un CE se guarda el texto limpio, sin completar.
    """

    def __init__(self) -> None:
        super().__init__(
            "numero_documento",
            sinonimos=(
                "numero documento", "número de documento", "nro documento", "n documento", "num doc",
                "dni", "n dni", "nro dni",
            ),
            requerida=True,
            etiqueta="el número de documento",
        )

    def convertir(self, valor: Any, contexto: Contexto) -> str:
        texto = self._texto_del_documento(valor)
        tipo = contexto.valores.get("tipo_documento")
        if tipo == TIPO_DNI:
            return self._dni(texto, contexto)
        if tipo == TIPO_CE and len(texto) > LARGO_MAXIMO_CE:
            raise ErrorCelda(
                "E-LONGITUD",
                f"el carné de extranjería {citar(texto)} tiene {len(texto)} caracteres y el máximo es "
                f"{LARGO_MAXIMO_CE}. Corrija el número.",
            )
        return texto

    def _texto_del_documento(self, valor: Any) -> str:
        if isinstance(valor, float):
            digitos = _digitos_de_numero(valor)
            if digitos is None:
                raise self._con_decimales(valor_a_texto(valor))
            return digitos
        if isinstance(valor, int) and not isinstance(valor, bool):
            return str(valor)
        if not isinstance(valor, str):
            return valor_a_texto(valor)

        # El apóstrofo inicial es la forma de Excel de forzar texto: '01234567.
        texto = valor[1:].strip() if valor.startswith("'") else valor
        if _NOTACION_CIENTIFICA.fullmatch(texto):
            raise ErrorCelda(
                "E-CIENTIFICO",
                f"el número {citar(texto)} está en notación científica y perdió dígitos. Dé a la columna "
                "formato de texto, escriba el número completo y vuelva a subir el archivo.",
            )
        coincidencia = _CON_DECIMAL_CERO.fullmatch(texto)
        if coincidencia:
            return coincidencia.group(1)
        if _CON_DECIMALES.fullmatch(texto):
            raise self._con_decimales(texto)
        return texto

    @staticmethod
    def _con_decimales(texto: str) -> ErrorCelda:
        return ErrorCelda(
            "E-DOC-DECIMAL",
            f"el número de documento {citar(texto)} tiene decimales. Escriba solo los dígitos del documento.",
        )

    def _dni(self, texto: str, contexto: Contexto) -> str:
        if not (texto.isascii() and texto.isdigit()):
            raise ErrorCelda(
                "E-DNI-FORMATO",
                f"el DNI {citar(texto)} debe tener solo dígitos, sin letras, guiones ni dígito de "
                "verificación. Escriba los 8 dígitos del DNI.",
            )
        if len(texto) > LARGO_DNI:
            raise ErrorCelda(
                "E-DNI-LONGITUD",
                f"el DNI {citar(texto)} tiene {len(texto)} dígitos y debe tener {LARGO_DNI}. Corrija el número.",
            )
        if len(texto) < LARGO_DNI:
            completo = texto.zfill(LARGO_DNI)
            contexto.advertir(
                self,
                "W-PAD",
                f"el DNI {citar(texto)} tiene {len(texto)} dígitos y se completó con ceros a la izquierda: "
                f"{completo}. Verifique que sea el número correcto.",
            )
            return completo
        return texto


def _columna_nombre(nombre: str, *, sinonimos: tuple[str, ...], requerida: bool, etiqueta: str) -> ColumnaTexto:
    return ColumnaTexto(
        nombre,
        sinonimos=sinonimos,
        requerida=requerida,
        etiqueta=etiqueta,
        largo_maximo=LARGO_MAXIMO_NOMBRE,
        patron=_NOMBRE_PERMITIDO,
        descripcion_permitidos=_NOMBRE_PERMITIDOS_AYUDA,
    )


class ColumnaSexo(ColumnaOpciones):
    def __init__(self) -> None:
        super().__init__(
            "sexo",
            sinonimos=("genero", "género"),
            opciones={"M": "M", "F": "F", "MASCULINO": "M", "FEMENINO": "F", "HOMBRE": "M", "MUJER": "F"},
            codigo="E-SEXO",
            ayuda="Escriba M (masculino) o F (femenino), o deje la celda vacía.",
        )


class ColumnaTelefono(Columna):
    """Celular peruano de 9 dígitos que empieza con 9.

    Un teléfono inválido no rechaza la fila: se guarda vacío con la advertencia
    W-TEL, porque el dato es opcional y el hogar igual debe registrarse.
    """

    def __init__(self) -> None:
        super().__init__("telefono", sinonimos=("teléfono", "celular", "tel"))

    def convertir(self, valor: Any, contexto: Contexto) -> str:
        digitos = self._digitos(valor)
        if digitos is not None and len(digitos) == 9 and digitos[0] == "9":
            return digitos
        contexto.advertir(
            self,
            "W-TEL",
            f"el teléfono {citar(valor_a_texto(valor))} no es un celular válido (9 dígitos que empiezan "
            "con 9) y se guardó vacío. Corríjalo luego en la ficha del hogar.",
        )
        return ""

    @staticmethod
    def _digitos(valor: Any) -> str | None:
        if isinstance(valor, float):
            texto = _digitos_de_numero(valor)
        elif isinstance(valor, int) and not isinstance(valor, bool):
            texto = str(valor)
        elif isinstance(valor, str):
            texto = valor if valor.isdigit() else ColumnaTelefono._sin_separadores(valor)
        else:
            return None
        if texto is None or not (texto.isascii() and texto.isdigit()):
            return None
        # Prefijo de país del Perú (+51) delante de un celular de 9 dígitos.
        if len(texto) == 11 and texto.startswith("51"):
            return texto[2:]
        return texto

    @staticmethod
    def _sin_separadores(valor: str) -> str | None:
        texto = valor.translate(_SEPARADORES_TELEFONO)
        coincidencia = _CON_DECIMAL_CERO.fullmatch(texto)
        if coincidencia:
            texto = coincidencia.group(1)
        if texto.startswith("+"):
            texto = texto[1:]
            if not texto.startswith("51"):
                return None
        return texto


class ColumnaUbigeo(Columna):
    """Código INEI de distrito, de 6 dígitos, que debe existir en el catálogo.

    Con `distrito_fijo` (un subadministrador que carga para su distrito) la
    columna es opcional: una celda vacía o una columna ausente toman ese
    distrito, y un ubigeo de otro distrito da E-JURISDICCION.
    """

    def __init__(self, *, ubigeos_validos: Container[str], distrito_fijo: str | None):
        super().__init__(
            "ubigeo",
            sinonimos=("codigo ubigeo",),
            requerida=distrito_fijo is None,
            etiqueta="el ubigeo del distrito (6 dígitos)",
            vacio=distrito_fijo or "",
        )
        self.ubigeos_validos = ubigeos_validos
        self.distrito_fijo = distrito_fijo

    def convertir(self, valor: Any, contexto: Contexto) -> str:
        codigo = self._codigo(valor)
        if codigo is None or codigo not in self.ubigeos_validos:
            raise ErrorCelda(
                "E-UBIGEO",
                f"el ubigeo {citar(valor_a_texto(valor))} no existe en el catálogo de distritos del INEI. "
                "Escriba el código de 6 dígitos del distrito, por ejemplo 150132.",
            )
        if self.distrito_fijo is not None and codigo != self.distrito_fijo:
            raise ErrorCelda(
                "E-JURISDICCION",
                f"el ubigeo {codigo} es de otro distrito y usted solo puede cargar hogares del distrito "
                f"{self.distrito_fijo}. Quite esta fila o pida que la cargue ese distrito.",
            )
        return codigo

    @staticmethod
    def _codigo(valor: Any) -> str | None:
        if isinstance(valor, float):
            texto = _digitos_de_numero(valor)
        elif isinstance(valor, int) and not isinstance(valor, bool):
            texto = str(valor)
        elif isinstance(valor, str):
            coincidencia = _CON_DECIMAL_CERO.fullmatch(valor)
            texto = coincidencia.group(1) if coincidencia else valor
        else:
            return None
        if texto is None or not (texto.isascii() and texto.isdigit()) or len(texto) > LARGO_UBIGEO:
            return None
        # Excel quita el cero inicial de 040101 en una celda numérica: se completa sin avisar.
        return texto.zfill(LARGO_UBIGEO)


def columnas_padron(*, ubigeos_validos: Container[str], distrito_fijo: str | None = None) -> tuple[Columna, ...]:
    """Columnas del padrón en el orden en que se limpian.

    El orden importa: numero_documento usa el tipo_documento ya limpio de la
    misma fila. `ubigeos_validos` es el catálogo de códigos de distrito (un
    set, o cualquier objeto que admita `in`).
    """
    return (
        ColumnaTipoDocumento(),
        ColumnaNumeroDocumento(),
        _columna_nombre(
            "apellido_paterno", sinonimos=("apellido paterno", "ap paterno"), requerida=True,
            etiqueta="el apellido paterno",
        ),
        _columna_nombre(
            "apellido_materno", sinonimos=("apellido materno", "ap materno"), requerida=False,
            etiqueta="el apellido materno",
        ),
        _columna_nombre("nombres", sinonimos=("nombre",), requerida=True, etiqueta="los nombres"),
        ColumnaFecha(
            "fecha_nacimiento",
            sinonimos=("fecha nacimiento", "fecha de nacimiento", "f nacimiento", "fec nac"),
            anios_maximos=EDAD_MAXIMA_ANIOS,
            codigo_invalida="E-FECHA-INVALIDA",
            codigo_futura="E-FECHA-FUTURA",
            codigo_anio2="W-ANIO2",
        ),
        ColumnaSexo(),
        ColumnaTelefono(),
        ColumnaTexto(
            "direccion",
            sinonimos=("dirección", "domicilio"),
            requerida=True,
            etiqueta="la dirección del hogar",
            largo_maximo=LARGO_MAXIMO_DIRECCION,
        ),
        ColumnaUbigeo(ubigeos_validos=ubigeos_validos, distrito_fijo=distrito_fijo),
        ColumnaEntero(
            "miembros_hogar",
            sinonimos=(
                "miembros hogar", "miembros del hogar", "n miembros del hogar", "nro miembros",
                "integrantes hogar",
            ),
            requerida=True,
            etiqueta="cuántas personas viven en el hogar (1 a 30)",
            minimo=MIEMBROS_MINIMO,
            maximo=MIEMBROS_MAXIMO,
            codigo="E-MIEMBROS",
        ),
    )
