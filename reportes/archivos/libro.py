"""Libro XLSX de varias hojas, en memoria constante y reproducible byte a byte.

Usa las mismas reglas que `canastas.hojas.escritor`. El libro se abre con las
opciones que impiden que un texto se vuelva fórmula, número o enlace. Cada celda
pasa por la escritura de ese módulo: un `str` va como texto con `write_string` y
una fecha, como fecha con formato dd/mm/aaaa.

xlsxwriter pone en docProps/core.xml la hora en que se crea el libro. Aquí esa
fecha y las demás propiedades son fijas, y las fechas de los miembros del ZIP las
fija xlsxwriter en 1980. Así, con los mismos datos, el archivo sale idéntico y con
el mismo sha256.
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

import xlsxwriter

from canastas.hojas.escritor import FORMATO_FECHA, FORMATO_FECHA_HORA
from canastas.hojas.escritor import _escribir_celda as escribir_celda

# Cada cuántas filas se avisa del avance a quien escribe.
FILAS_ENTRE_AVISOS = 2000


class LibroReproducible:
    """Libro abierto en modo `constant_memory`: cada hoja se escribe de arriba abajo, una sola vez."""

    def __init__(self, destino: str | IO[bytes], *, titulo: str, creado: datetime.datetime):
        self._libro = xlsxwriter.Workbook(
            destino,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self._libro.set_properties(
            {
                "title": titulo,
                "author": "Canastas",
                "company": "Canastas",
                "created": creado,
            }
        )
        self._negrita = self._libro.add_format({"bold": True})
        self._fecha = self._libro.add_format({"num_format": FORMATO_FECHA})
        self._fecha_hora = self._libro.add_format({"num_format": FORMATO_FECHA_HORA})
        self._hojas = {}

    def agregar_hoja(self, nombre: str, encabezados: Sequence[str]) -> None:
        """Crea la hoja con su fila de encabezados. Las hojas quedan en el orden en que se crean."""
        hoja = self._libro.add_worksheet(nombre)
        hoja.set_column(0, len(encabezados) - 1, 20)
        hoja.freeze_panes(1, 0)
        for columna, encabezado in enumerate(encabezados):
            hoja.write_string(0, columna, encabezado, self._negrita)
        self._hojas[nombre] = hoja

    def escribir_filas(
        self,
        nombre: str,
        filas: Iterable[Sequence[Any]],
        *,
        al_avanzar: Callable[[int], None] | None = None,
    ) -> int:
        """Escribe las filas debajo del encabezado y devuelve cuántas escribió.

        `al_avanzar(filas_escritas)` se llama cada `FILAS_ENTRE_AVISOS` filas.
        """
        hoja = self._hojas[nombre]
        escritas = 0
        for escritas, fila in enumerate(filas, start=1):
            for columna, valor in enumerate(fila):
                escribir_celda(hoja, escritas, columna, valor, self._fecha, self._fecha_hora)
            if al_avanzar is not None and escritas % FILAS_ENTRE_AVISOS == 0:
                al_avanzar(escritas)
        return escritas

    def cerrar(self) -> None:
        self._libro.close()


def filas_con_avance(filas: Iterable[Sequence[Any]], al_avanzar: Callable[[int], None]):
    """Devuelve las mismas filas y llama `al_avanzar(filas_leídas)` cada `FILAS_ENTRE_AVISOS` filas."""
    for leidas, fila in enumerate(filas, start=1):
        yield fila
        if leidas % FILAS_ENTRE_AVISOS == 0:
            al_avanzar(leidas)
