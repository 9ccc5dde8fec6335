"""Lectura y limpieza de las filas de una carga de entregas, sin base de datos.

`leer_carga` abre el archivo con el lector común y revisa sus encabezados.
`ValidacionCarga` limpia cada fila con `columnas_carga`, junta todos los
errores de la fila y marca las filas repetidas dentro del archivo (mismo
documento y mismo tipo de registro). Lo que depende de la base de datos
(padrón, entregas ya registradas) y las fotos lo revisa `verificacion`.
"""

import datetime
from collections.abc import Iterable, Iterator
from typing import IO, Any

from beneficiarios.importacion.columnas import MIEMBROS_MAXIMO
from beneficiarios.importacion.validacion import Observacion, ResultadoFila
from canastas.hojas.lector import LIMITES, ArchivoRechazado, Hoja, Limites, leer_hoja, letra_columna
from canastas.importacion.columnas import (
    Contexto,
    ErrorCelda,
    MapeadorEncabezados,
    MapeoEncabezados,
    citar,
    valor_a_texto,
)
from entregas.carga.columnas import TRAMOS_EDAD, TipoRegistroCarga, columnas_carga

__all__ = ["Observacion", "ResultadoFila", "ValidacionCarga", "leer_carga"]


def _mapeador(tipos: Iterable[TipoRegistroCarga] = ()) -> MapeadorEncabezados:
    return MapeadorEncabezados(columnas_carga(tipos=tipos))


def _mapear_o_rechazar(mapeador: MapeadorEncabezados, hoja: Hoja) -> MapeoEncabezados:
    """Asigna los encabezados y exige al menos una columna de integrantes por edad."""
    mapeo = mapeador.mapear_o_rechazar(hoja.encabezados, primera_columna=hoja.primera_columna)
    if not any(nombre in mapeo.encabezados for nombre in TRAMOS_EDAD):
        raise ArchivoRechazado(
            "F-COLUMNA-FALTANTE",
            "Faltan las columnas de integrantes del hogar por edad: agregue al menos una de "
            + ", ".join(citar(nombre) for nombre in TRAMOS_EDAD)
            + " en la fila de encabezados y vuelva a subir el archivo. No se cargó ninguna fila.",
        )
    return mapeo


def leer_carga(origen: bytes | str | IO[bytes], *, limites: Limites = LIMITES) -> Hoja:
    """Abre una carga de entregas y revisa que tenga sus columnas obligatorias.

    Lanza `ArchivoRechazado` con los códigos de `leer_hoja`, y además
    F-COLUMNA-FALTANTE o F-COLUMNA-REPETIDA.
    """
    mapeador = _mapeador()
    hoja = leer_hoja(
        origen,
        es_encabezado=mapeador.reconoce,
        encabezados_esperados=mapeador.nombres_esperados,
        limites=limites,
    )
    _mapear_o_rechazar(mapeador, hoja)
    return hoja


class ValidacionCarga:
    """Limpieza de las filas de una hoja; se recorre como una secuencia de `ResultadoFila`.

    `valores` de cada resultado tiene una clave por columna de `columnas_carga`:
    tipo_registro es el id del tipo, fecha_entrega un `datetime.date`, los
    tramos de edad enteros (0 si faltan) y los textos str («» si faltan).
    `advertencias_archivo` son (código, mensaje) de nivel archivo.
    """

    def __init__(self, hoja: Hoja, *, tipos: Iterable[TipoRegistroCarga], hoy: datetime.date):
        self.hoja = hoja
        self.hoy = hoy
        columnas = columnas_carga(tipos=tipos)
        self.mapeo = _mapear_o_rechazar(MapeadorEncabezados(columnas), hoja)
        self.advertencias_archivo = [
            (
                "W-COL-IGNORADA",
                f"La columna {citar(texto)} ({letra_columna(hoja.primera_columna + indice)}) no es de la carga de "
                "entregas y se ignora. Si sus datos deben cargarse, renómbrela con uno de los encabezados de la "
                "plantilla.",
            )
            for indice, texto in self.mapeo.ignoradas
        ]
        self._indice_de = {columna.nombre: indice for indice, columna in self.mapeo.columnas.items()}
        self._plan = [(self._indice_de.get(columna.nombre), columna) for columna in columnas]

    def encabezado(self, nombre: str) -> str:
        """Texto del encabezado de la columna tal como está en el archivo (o su nombre si falta)."""
        return self.mapeo.encabezados.get(nombre, nombre)

    def valor_original(self, valores: list[Any], nombre: str) -> str:
        indice = self._indice_de.get(nombre)
        return valor_a_texto(valores[indice]) if indice is not None else ""

    def observacion(self, numero: int, valores: list[Any], nombre: str, codigo: str, mensaje: str) -> Observacion:
        """Arma un error o advertencia con la fila, la columna y el valor original de la celda."""
        return Observacion(
            numero, nombre, self.valor_original(valores, nombre), codigo,
            f"Fila {numero}, columna «{self.encabezado(nombre)}»: {mensaje}",
        )

    def __iter__(self) -> Iterator[tuple[ResultadoFila, list[Any]]]:
        """Recorre (resultado, valores originales de la fila); los originales sirven a la verificación."""
        contexto = Contexto(hoy=self.hoy, epoca_1904=self.hoja.epoca_1904)
        primera_fila: dict[tuple[str, str, int], int] = {}

        for numero, valores in self.hoja.filas():
            limpios: dict[str, Any] = {}
            errores: list[Observacion] = []
            contexto.fila = numero
            contexto.valores = limpios
            contexto.advertencias = []

            for indice, columna in self._plan:
                valor = valores[indice] if indice is not None else None
                try:
                    limpios[columna.nombre] = columna.limpiar(valor, contexto)
                except ErrorCelda as error:
                    errores.append(self.observacion(numero, valores, columna.nombre, error.codigo, error.mensaje))

            errores.extend(self._revisar_miembros(numero, valores, limpios))
            errores.extend(self._revisar_gps(numero, valores, limpios))
            duplicado = self._duplicado(numero, valores, limpios, primera_fila)
            if duplicado is not None:
                errores.append(duplicado)

            advertencias = [
                self.observacion(numero, valores, nombre, codigo, mensaje)
                for nombre, codigo, mensaje in contexto.advertencias
            ]
            yield ResultadoFila(numero, None if errores else limpios, errores, advertencias), valores

    def _revisar_miembros(self, numero: int, valores: list[Any], limpios: dict[str, Any]) -> list[Observacion]:
        tramos = [limpios.get(nombre) for nombre in TRAMOS_EDAD]
        if any(tramo is None for tramo in tramos):
            return []  # un tramo inválido ya tiene su propio error
        total = sum(tramos)
        if 1 <= total <= MIEMBROS_MAXIMO:
            return []
        primera = next((nombre for nombre in TRAMOS_EDAD if nombre in self._indice_de), TRAMOS_EDAD[0])
        if total == 0:
            motivo = "el hogar no tiene ningún integrante en las columnas por edad. Escriba cuántos integrantes "
        else:
            motivo = f"los integrantes por edad suman {total} y el máximo por hogar es {MIEMBROS_MAXIMO}. Corrija "
        return [
            self.observacion(
                numero, valores, primera, "E-MIEMBROS",
                motivo + "hay en cada tramo de edad (0-5, 6-17, 18-59 y 60 a más años).",
            )
        ]

    def _revisar_gps(self, numero: int, valores: list[Any], limpios: dict[str, Any]) -> list[Observacion]:
        if "latitud" not in limpios or "longitud" not in limpios:
            return []  # una coordenada inválida ya tiene su propio error
        if (limpios["latitud"] is None) == (limpios["longitud"] is None):
            return []
        falta = "latitud" if limpios["latitud"] is None else "longitud"
        return [
            self.observacion(
                numero, valores, falta, "E-GPS",
                "el punto GPS está incompleto. Escriba la latitud y la longitud, o deje ambas celdas vacías.",
            )
        ]

    def _duplicado(
        self, numero: int, valores: list[Any], limpios: dict[str, Any], primera_fila: dict[tuple[str, str, int], int]
    ) -> Observacion | None:
        """Marca E-DUP-ARCHIVO si el mismo documento ya tiene una fila anterior del mismo tipo de registro.

        Cuenta la primera aparición aunque esa fila tenga errores en otras
        columnas: dos entregas del mismo tipo a un documento son un problema del archivo.
        """
        clave = (limpios.get("tipo_documento"), limpios.get("numero_documento"), limpios.get("tipo_registro"))
        if not all(clave):
            return None
        primera = primera_fila.setdefault(clave, numero)
        if primera == numero:
            return None
        return self.observacion(
            numero, valores, "numero_documento", "E-DUP-ARCHIVO",
            f"el documento {clave[0]} {clave[1]} ya tiene una entrega de este tipo de registro en la fila "
            f"{primera}. Un hogar recibe una sola canasta por tipo de registro; deje una sola fila.",
        )
