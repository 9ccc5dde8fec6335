"""Columnas de la carga masiva de entregas y la limpieza de cada una.

Las columnas del documento y de los datos de quien recibe son las mismas del
padrón (`columnas_padron`), con sus reglas: DNI de 8 dígitos completado con
ceros, CE sin completar, nombres solo con letras, teléfono celular. Aquí solo
cambia qué es obligatorio: los nombres y la dirección de quien recibe solo
se exigen si el documento no está en el padrón, y eso lo revisa
`entregas.carga.verificacion` con la base de datos.

Los integrantes del hogar se cargan por tramos de edad (0-5, 6-17, 18-59 y
60 a más años), porque así los guarda `Entrega`. Una celda vacía vale 0, y
la suma de los cuatro tramos debe estar entre 1 y 30.
"""

import re
from decimal import Decimal
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from beneficiarios.importacion.columnas import MIEMBROS_MAXIMO, columnas_padron
from canastas.importacion.columnas import (
    Columna,
    ColumnaEntero,
    ColumnaFecha,
    ColumnaOpciones,
    ColumnaTexto,
    Contexto,
    ErrorCelda,
    citar,
    quitar_tildes,
    valor_a_texto,
)
from entregas.models import Entrega

# Una entrega cargada a mano puede ser de campañas pasadas, pero no de hace más de este número de años.
ANTIGUEDAD_MAXIMA_ANIOS = 10
LARGO_MAXIMO_OBSERVACION = 500
LARGO_MAXIMO_MOTIVO = 500

# Grados decimales con punto o coma, hasta 12 decimales: -12.121, -77,0298.
_COORDENADA = re.compile(r"[+-]?\d{1,3}(?:[.,]\d{1,12})?")

TRAMOS_EDAD = ("miembros_0_5", "miembros_6_17", "miembros_18_59", "miembros_60_mas")

# Columnas del padrón que la carga de entregas usa tal cual, salvo lo obligatorio.
_COLUMNAS_DEL_PADRON = {
    "tipo_documento": True,
    "numero_documento": True,
    "apellido_paterno": False,
    "apellido_materno": False,
    "nombres": False,
    "direccion": False,
    "telefono": False,
}


@dataclass(frozen=True)
class TipoRegistroCarga:
    """Datos de un tipo de registro que la columna necesita para reconocerlo, sin la base de datos."""

    id: int
    codigo: str
    nombre: str
    activo: bool


def clave_tipo_registro(texto: str) -> str:
    """Clave de comparación de un nombre o código: mayúsculas, sin tildes y solo letras y dígitos.

    Así «Canasta DU 033-2020 — 1.ª entrega» y «canasta du 0332020 1a entrega»
    dan la misma clave.
    """
    return re.sub(r"[^0-9A-Z]", "", quitar_tildes(texto).upper().replace("ª", "A").replace("º", "O"))


class ColumnaTipoRegistro(Columna):
    """Tipo de registro (campaña) por su código o su nombre, entre los visibles para el distrito.

    Devuelve el id del tipo. Un código gana sobre un nombre. Un código que
    comparten un tipo nacional y uno del distrito pide usar el nombre, y un
    nombre que comparten dos tipos pide usar el código. Un tipo inactivo da
    E-TIPO-INACTIVO y uno desconocido, E-TIPO-REGISTRO.
    """

    def __init__(self, tipos: Iterable[TipoRegistroCarga]):
        super().__init__(
            "tipo_registro",
            sinonimos=(
                "tipo registro", "tipo de registro", "codigo tipo registro", "codigo de tipo de registro",
                "campana", "campaña",
            ),
            requerida=True,
            etiqueta="el código o el nombre del tipo de registro",
        )
        self.por_codigo: dict[str, TipoRegistroCarga | None] = {}
        self.por_nombre: dict[str, TipoRegistroCarga | None] = {}
        tipos = list(tipos)
        # None marca una clave que comparten dos tipos: la otra forma (código o nombre) los distingue.
        for tipo in tipos:
            clave = clave_tipo_registro(tipo.codigo)
            self.por_codigo[clave] = None if clave in self.por_codigo else tipo
            clave = clave_tipo_registro(tipo.nombre)
            self.por_nombre[clave] = None if clave in self.por_nombre else tipo
        self.codigos_activos = sorted({tipo.codigo for tipo in tipos if tipo.activo})

    def convertir(self, valor: Any, contexto: Contexto) -> int:
        texto = valor if isinstance(valor, str) else valor_a_texto(valor)
        clave = clave_tipo_registro(texto)
        tipo = self.por_codigo.get(clave)
        if tipo is None and clave in self.por_codigo and clave not in self.por_nombre:
            raise ErrorCelda(
                "E-TIPO-REGISTRO",
                f"el código {citar(texto)} lo tienen un tipo nacional y uno del distrito. Escriba el nombre del "
                "tipo de registro en lugar del código.",
            )
        if tipo is None and clave in self.por_nombre:
            tipo = self.por_nombre[clave]
            if tipo is None:
                raise ErrorCelda(
                    "E-TIPO-REGISTRO",
                    f"el nombre {citar(texto)} lo tienen dos tipos de registro. Escriba el código del tipo "
                    "de registro en lugar del nombre.",
                )
        if tipo is None:
            raise ErrorCelda("E-TIPO-REGISTRO", f"no existe un tipo de registro {citar(texto)} para este distrito. "
                             f"{self._ayuda()}")
        if not tipo.activo:
            raise ErrorCelda(
                "E-TIPO-INACTIVO",
                f"el tipo de registro {citar(tipo.nombre)} está desactivado y no admite entregas nuevas. "
                f"{self._ayuda()}",
            )
        return tipo.id

    def _ayuda(self) -> str:
        if not self.codigos_activos:
            return "El distrito no tiene tipos de registro activos; pida que se cree uno antes de cargar."
        return "Escriba el código o el nombre de un tipo activo: " + ", ".join(self.codigos_activos[:10]) + "."


class ColumnaTipoEntrega(ColumnaOpciones):
    def __init__(self) -> None:
        domicilio, punto, comunidad = (
            Entrega.TipoEntrega.DOMICILIO, Entrega.TipoEntrega.PUNTO, Entrega.TipoEntrega.COMUNIDAD,
        )
        super().__init__(
            "tipo_entrega",
            sinonimos=("tipo entrega", "tipo de entrega", "modalidad", "modalidad de entrega"),
            requerida=True,
            etiqueta="el tipo de entrega (domicilio, punto de entrega o comunidad)",
            opciones={
                "DOMICILIO": domicilio, "A DOMICILIO": domicilio, "EN DOMICILIO": domicilio,
                "PUNTO": punto, "PUNTO DE ENTREGA": punto, "PUNTO ENTREGA": punto, "EN PUNTO DE ENTREGA": punto,
                "COMUNIDAD": comunidad, "EN COMUNIDAD": comunidad, "COMUNAL": comunidad,
            },
            codigo="E-TIPO-ENTREGA",
            ayuda="Escriba domicilio, punto de entrega o comunidad.",
        )


class ColumnaConsentimiento(ColumnaOpciones):
    """Si la persona autorizó su foto; vacío vale «no», y sin autorización su foto no se guarda."""

    def __init__(self) -> None:
        super().__init__(
            "consentimiento_foto",
            sinonimos=("consentimiento", "consentimiento foto", "autoriza foto", "acepta foto"),
            opciones={"SI": "si", "S": "si", "X": "si", "NO": "no", "N": "no"},
            codigo="E-CONSENTIMIENTO",
            ayuda="Escriba SÍ si la persona autorizó su foto, o NO.",
            vacio="no",
        )


class ColumnaCoordenada(Columna):
    """Latitud o longitud en grados decimales (WGS84), como las da el GPS del celular; opcional."""

    def __init__(self, nombre: str, *, limite: int, sinonimos: tuple[str, ...]):
        super().__init__(nombre, sinonimos=sinonimos, vacio=None)
        self.limite = limite

    def convertir(self, valor: Any, contexto: Contexto) -> Decimal:
        numero = None
        if isinstance(valor, (int, float)) and not isinstance(valor, bool):
            numero = Decimal(str(valor))
        elif isinstance(valor, str) and _COORDENADA.fullmatch(valor):
            numero = Decimal(valor.replace(",", "."))
        if numero is None or not numero.is_finite() or not -self.limite <= numero <= self.limite:
            raise ErrorCelda(
                "E-GPS",
                f"la {self.nombre} {citar(valor_a_texto(valor))} no es válida. Escriba grados decimales entre "
                f"-{self.limite} y {self.limite}, por ejemplo -12.121, o deje la celda vacía.",
            )
        return numero.quantize(Decimal("0.000001"))


def _tramo(nombre: str, desde: str, hasta: str | None, sinonimos: tuple[str, ...]) -> ColumnaEntero:
    """Integrantes del hogar de un tramo de edad: entero de 0 a 30; vacío vale 0."""
    rango = f"de {desde} a {hasta} años" if hasta else f"de {desde} años a más"
    return ColumnaEntero(
        nombre,
        sinonimos=sinonimos,
        etiqueta=f"cuántos integrantes del hogar tienen {rango}",
        minimo=0,
        maximo=MIEMBROS_MAXIMO,
        codigo="E-MIEMBROS",
        vacio=0,
    )


def _columnas_del_padron() -> list[Columna]:
    columnas = []
    for columna in columnas_padron(ubigeos_validos=frozenset()):
        if columna.nombre in _COLUMNAS_DEL_PADRON:
            columna.requerida = _COLUMNAS_DEL_PADRON[columna.nombre]
            columnas.append(columna)
    return columnas


def columnas_carga(*, tipos: Iterable[TipoRegistroCarga]) -> tuple[Columna, ...]:
    """Columnas de la carga de entregas, en el orden en que se limpian.

    numero_documento va después de tipo_documento porque usa su valor limpio.
    `tipos` son los tipos de registro visibles para el distrito (activos o no).
    """
    del_padron = {columna.nombre: columna for columna in _columnas_del_padron()}
    return (
        del_padron["tipo_documento"],
        del_padron["numero_documento"],
        ColumnaTipoRegistro(tipos),
        ColumnaFecha(
            "fecha_entrega",
            sinonimos=("fecha entrega", "fecha de entrega", "f entrega", "fec entrega", "fecha"),
            requerida=True,
            etiqueta="la fecha de entrega (dd/mm/aaaa)",
            anios_maximos=ANTIGUEDAD_MAXIMA_ANIOS,
            codigo_invalida="E-FECHA-INVALIDA",
            codigo_futura="E-FECHA-FUTURA",
            codigo_anio2="W-ANIO2",
        ),
        ColumnaTipoEntrega(),
        _tramo("miembros_0_5", "0", "5", ("miembros 0 5", "0 a 5 anos", "de 0 a 5 anos", "menores de 6")),
        _tramo("miembros_6_17", "6", "17", ("miembros 6 17", "6 a 17 anos", "de 6 a 17 anos")),
        _tramo("miembros_18_59", "18", "59", ("miembros 18 59", "18 a 59 anos", "de 18 a 59 anos")),
        _tramo(
            "miembros_60_mas", "60", None,
            ("miembros 60 mas", "miembros 60", "60 a mas anos", "60 anos a mas", "de 60 a mas anos", "60 a mas"),
        ),
        ColumnaTexto(
            "observacion",
            sinonimos=("observaciones", "obs"),
            etiqueta="la observación",
            largo_maximo=LARGO_MAXIMO_OBSERVACION,
        ),
        ColumnaTexto(
            "motivo_inclusion",
            sinonimos=("motivo inclusion", "motivo de inclusion", "motivo"),
            etiqueta="el motivo de inclusión",
            largo_maximo=LARGO_MAXIMO_MOTIVO,
        ),
        del_padron["apellido_paterno"],
        del_padron["apellido_materno"],
        del_padron["nombres"],
        del_padron["direccion"],
        del_padron["telefono"],
        ColumnaConsentimiento(),
        ColumnaCoordenada("latitud", limite=90, sinonimos=("lat",)),
        ColumnaCoordenada("longitud", limite=180, sinonimos=("lon", "lng", "long")),
    )
