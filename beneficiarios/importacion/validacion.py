"""Lectura y validación de las filas de un padrón subido, sin base de datos.

`leer_padron` abre el archivo y revisa sus encabezados. `validar_filas`
limpia cada fila con las columnas del padrón, junta todos los errores de la
fila (no solo el primero) y detecta documentos repetidos dentro del archivo.
Los duplicados contra la base de datos (E-DUP-BD, E-DUP-OTRA-MUNI) los revisa
la capa de base de datos después, con las filas válidas que sale de aquí.
"""

import datetime
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

from beneficiarios.importacion.columnas import columnas_padron
from canastas.hojas.lector import LIMITES, Hoja, Limites, leer_hoja
from canastas.importacion.columnas import (
    Contexto,
    ErrorCelda,
    MapeadorEncabezados,
    MapeoEncabezados,
    valor_a_texto,
)


class Observacion(NamedTuple):
    """Error (E-…) o advertencia (W-…) de una celda; `valor` es el texto original de la celda."""

    fila: int
    columna: str
    valor: str
    codigo: str
    mensaje: str


class ResultadoFila(NamedTuple):
    """Resultado de una fila: `valores` limpios, o None si la fila se rechaza por `errores`.

    `valores` tiene una clave por columna del padrón. Los textos,
    numero_documento, ubigeo y telefono son str («» si faltan),
    fecha_nacimiento es `datetime.date` o None y miembros_hogar es int.
    """

    fila: int
    valores: dict[str, Any] | None
    errores: list[Observacion]
    advertencias: list[Observacion]


def _mapeador(distrito_fijo: str | None) -> MapeadorEncabezados:
    # Los encabezados no dependen del catálogo de ubigeos; solo su obligatoriedad del distrito fijo.
    return MapeadorEncabezados(columnas_padron(ubigeos_validos=frozenset(), distrito_fijo=distrito_fijo))


def leer_padron(
    origen: bytes | str | IO[bytes],
    *,
    distrito_fijo: str | None = None,
    limites: Limites = LIMITES,
) -> Hoja:
    """Abre un padrón subido y revisa que tenga todas las columnas obligatorias.

    Lanza `ArchivoRechazado` con los códigos de `leer_hoja`, y además
    F-COLUMNA-FALTANTE o F-COLUMNA-REPETIDA. Con `distrito_fijo` la columna
    ubigeo es opcional.
    """
    mapeador = _mapeador(distrito_fijo)
    hoja = leer_hoja(
        origen,
        es_encabezado=mapeador.reconoce,
        encabezados_esperados=mapeador.nombres_esperados,
        limites=limites,
    )
    mapeador.mapear_o_rechazar(hoja.encabezados, primera_columna=hoja.primera_columna)
    return hoja


class ValidacionPadron:
    """Validación de las filas de una hoja; se recorre como una secuencia de `ResultadoFila`.

    Los encabezados se revisan al crearla (lanza `ArchivoRechazado` si falta
    una columna obligatoria); las filas se limpian recién al recorrerla, de a
    una. `advertencias_archivo` son las de nivel archivo, como W-COL-IGNORADA,
    en forma de (código, mensaje).
    """

    def __init__(
        self,
        hoja: Hoja,
        *,
        ubigeos_validos: Container[str],
        distrito_fijo: str | None,
        hoy: datetime.date,
    ):
        self.hoja = hoja
        self.hoy = hoy
        columnas = columnas_padron(ubigeos_validos=ubigeos_validos, distrito_fijo=distrito_fijo)
        self.mapeo: MapeoEncabezados = MapeadorEncabezados(columnas).mapear_o_rechazar(
            hoja.encabezados, primera_columna=hoja.primera_columna
        )
        self.advertencias_archivo: list[tuple[str, str]] = list(self.mapeo.advertencias)

        # Cada columna se enlaza una sola vez con su índice en el archivo (None
        # si no está) y su limpiador, en el orden de columnas_padron.
        indice_de = {columna.nombre: indice for indice, columna in self.mapeo.columnas.items()}
        self._plan = [
            (indice_de.get(columna.nombre), columna.limpiar, columna.nombre, self._encabezado(columna.nombre))
            for columna in columnas
        ]
        self._indice_de = indice_de

    def _encabezado(self, nombre: str) -> str:
        return self.mapeo.encabezados.get(nombre, nombre)

    def __iter__(self) -> Iterator[ResultadoFila]:
        contexto = Contexto(hoy=self.hoy, epoca_1904=self.hoja.epoca_1904)
        plan = self._plan
        primera_fila_por_documento: dict[tuple[str, str], int] = {}

        for numero, valores in self.hoja.filas():
            limpios: dict[str, Any] = {}
            errores: list[Observacion] = []
            contexto.fila = numero
            contexto.valores = limpios
            contexto.advertencias = []

            for indice, limpiar, nombre, encabezado in plan:
                valor = valores[indice] if indice is not None else None
                try:
                    limpios[nombre] = limpiar(valor, contexto)
                except ErrorCelda as error:
                    errores.append(
                        Observacion(
                            numero, nombre, valor_a_texto(valor), error.codigo,
                            f"Fila {numero}, columna «{encabezado}»: {error.mensaje}",
                        )
                    )

            duplicado = self._duplicado(numero, valores, limpios, primera_fila_por_documento)
            if duplicado is not None:
                errores.append(duplicado)

            advertencias = self._advertencias(numero, valores, contexto.advertencias)
            yield ResultadoFila(numero, None if errores else limpios, errores, advertencias)

    def _duplicado(
        self,
        numero: int,
        valores: list[Any],
        limpios: dict[str, Any],
        primera_fila_por_documento: dict[tuple[str, str], int],
    ) -> Observacion | None:
        """Marca E-DUP-ARCHIVO si el mismo (tipo, número) ya apareció en una fila anterior.

        Cuenta la primera aparición aunque esa fila tenga errores en otras
        columnas: dos filas con el mismo documento son un problema del archivo.
        """
        tipo = limpios.get("tipo_documento")
        documento = limpios.get("numero_documento")
        if not tipo or not documento:
            return None
        primera = primera_fila_por_documento.setdefault((tipo, documento), numero)
        if primera == numero:
            return None
        return Observacion(
            numero,
            "numero_documento",
            valor_a_texto(valores[self._indice_de["numero_documento"]]),
            "E-DUP-ARCHIVO",
            f"Fila {numero}, columna «{self._encabezado('numero_documento')}»: el documento {tipo} {documento} "
            f"está duplicado de la fila {primera}. Deje una sola fila por documento; se importa la de la "
            f"fila {primera}.",
        )

    def _advertencias(
        self, numero: int, valores: list[Any], crudas: list[tuple[str, str, str]]
    ) -> list[Observacion]:
        if not crudas:
            return []
        advertencias = []
        for nombre, codigo, mensaje in crudas:
            indice = self._indice_de.get(nombre)
            valor = valores[indice] if indice is not None else None
            advertencias.append(
                Observacion(
                    numero, nombre, valor_a_texto(valor), codigo,
                    f"Fila {numero}, columna «{self._encabezado(nombre)}»: {mensaje}",
                )
            )
        return advertencias


def validar_filas(
    hoja: Hoja,
    *,
    ubigeos_validos: Container[str],
    distrito_fijo: str | None = None,
    hoy: datetime.date,
) -> ValidacionPadron:
    """Prepara la validación de las filas de `hoja`; recorrer el resultado limpia fila por fila.

    Con `distrito_fijo` (código de 6 dígitos) la columna ubigeo es opcional y
    un ubigeo de otro distrito da E-JURISDICCION. `hoy` es la fecha contra la
    que se revisan las fechas futuras y los años de dos cifras.
    """
    return ValidacionPadron(hoja, ubigeos_validos=ubigeos_validos, distrito_fijo=distrito_fijo, hoy=hoy)


@dataclass
class ResultadoValidacion:
    """Todas las filas de un padrón ya validadas, separadas en válidas y rechazadas."""

    hoja: Hoja
    advertencias_archivo: list[tuple[str, str]]
    validas: list[ResultadoFila] = field(default_factory=list)
    rechazadas: list[ResultadoFila] = field(default_factory=list)

    @property
    def filas(self) -> int:
        return len(self.validas) + len(self.rechazadas)

    @property
    def con_advertencias(self) -> int:
        return sum(1 for resultado in self.validas if resultado.advertencias)

    @property
    def errores(self) -> list[Observacion]:
        return [error for resultado in self.rechazadas for error in resultado.errores]


def validar_padron(
    origen: bytes | str | IO[bytes],
    *,
    ubigeos_validos: Container[str],
    distrito_fijo: str | None = None,
    hoy: datetime.date,
    limites: Limites = LIMITES,
) -> ResultadoValidacion:
    """Lee un padrón subido y valida todas sus filas; es la vista previa completa.

    Lanza `ArchivoRechazado` si el archivo entero no se puede usar.
    """
    hoja = leer_padron(origen, distrito_fijo=distrito_fijo, limites=limites)
    validacion = validar_filas(hoja, ubigeos_validos=ubigeos_validos, distrito_fijo=distrito_fijo, hoy=hoy)
    resultado = ResultadoValidacion(hoja=hoja, advertencias_archivo=validacion.advertencias_archivo)
    for fila in validacion:
        if fila.valores is None:
            resultado.rechazadas.append(fila)
        else:
            resultado.validas.append(fila)
    return resultado
