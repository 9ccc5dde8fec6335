"""Escritor común de exportaciones XLSX y CSV.

Toda exportación pasa por aquí para que ninguna celda de texto llegue a Excel o
LibreOffice como fórmula o enlace (inyección de fórmulas, CWE-1236):

- XLSX: cada `str` se escribe como celda de texto con `write_string`; el libro
  se abre con `strings_to_formulas`, `strings_to_urls` y `strings_to_numbers`
  apagados. Las fechas se escriben como fechas reales con formato dd/mm/aaaa.
- CSV: UTF-8 con BOM (para que Excel muestre bien las tildes) y separador `,`.
  El texto que empieza con `=`, `+`, `-`, `@`, tabulación o retorno de carro
  lleva un apóstrofo delante. Al volver a importar ese CSV,
  `quitar_neutralizacion` quita ese único apóstrofo.
"""

import codecs
import csv
import datetime
import io
import os
from collections.abc import Iterable, Sequence
from typing import IO, Any

import xlsxwriter

# Caracteres con los que Excel y LibreOffice empiezan una fórmula al abrir un CSV.
INICIOS_DE_FORMULA = ("=", "+", "-", "@", "\t", "\r")

FORMATO_FECHA = "dd/mm/yyyy"
FORMATO_FECHA_HORA = "dd/mm/yyyy hh:mm"

# Excel guarda los números como doble precisión: un entero de más de 15 cifras
# perdería dígitos, así que se escribe como texto.
_MAXIMO_ENTERO_EXACTO = 10**15


def neutralizar_formula(texto: str) -> str:
    """Antepone un apóstrofo al texto que una hoja de cálculo tomaría por fórmula."""
    if texto.startswith(INICIOS_DE_FORMULA):
        return "'" + texto
    return texto


def quitar_neutralizacion(texto: str) -> str:
    """Quita el apóstrofo que puso `neutralizar_formula`.

    Solo se quita un apóstrofo, y solo si el carácter siguiente es uno de
    `INICIOS_DE_FORMULA`; cualquier otro apóstrofo inicial es parte del dato.
    """
    if len(texto) > 1 and texto[0] == "'" and texto[1] in INICIOS_DE_FORMULA:
        return texto[1:]
    return texto


def escribir_xlsx(
    destino: str | os.PathLike | IO[bytes],
    encabezados: Sequence[str],
    filas: Iterable[Sequence[Any]],
    *,
    nombre_hoja: str = "Datos",
) -> None:
    """Escribe un XLSX de una hoja con la fila de encabezados y luego `filas`.

    `destino` es una ruta o un archivo binario abierto para escritura. El libro
    se escribe en modo `constant_memory`: cada fila va al disco apenas se
    escribe, así que `filas` puede ser un generador de cualquier tamaño.
    """
    libro = xlsxwriter.Workbook(
        destino,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    negrita = libro.add_format({"bold": True})
    formato_fecha = libro.add_format({"num_format": FORMATO_FECHA})
    formato_fecha_hora = libro.add_format({"num_format": FORMATO_FECHA_HORA})

    hoja = libro.add_worksheet(nombre_hoja)
    hoja.set_column(0, max(len(encabezados) - 1, 0), 18)
    hoja.freeze_panes(1, 0)
    for columna, encabezado in enumerate(encabezados):
        hoja.write_string(0, columna, str(encabezado), negrita)

    for numero_fila, fila in enumerate(filas, start=1):
        for columna, valor in enumerate(fila):
            _escribir_celda(hoja, numero_fila, columna, valor, formato_fecha, formato_fecha_hora)

    libro.close()


def _escribir_celda(hoja, fila: int, columna: int, valor: Any, formato_fecha, formato_fecha_hora) -> None:
    if valor is None:
        return
    if isinstance(valor, str):
        hoja.write_string(fila, columna, valor)
    elif isinstance(valor, bool):
        hoja.write_boolean(fila, columna, valor)
    elif isinstance(valor, int):
        if abs(valor) < _MAXIMO_ENTERO_EXACTO:
            hoja.write_number(fila, columna, valor)
        else:
            hoja.write_string(fila, columna, str(valor))
    elif isinstance(valor, float):
        hoja.write_number(fila, columna, valor)
    elif isinstance(valor, datetime.datetime):
        # Excel no guarda zonas horarias: se escribe la hora local que trae el valor.
        hoja.write_datetime(fila, columna, valor.replace(tzinfo=None), formato_fecha_hora)
    elif isinstance(valor, datetime.date):
        hoja.write_datetime(fila, columna, valor, formato_fecha)
    else:
        # Decimal, UUID y otros tipos se exportan con su texto, nunca como fórmula.
        hoja.write_string(fila, columna, str(valor))


def escribir_csv(
    destino_texto: str | os.PathLike | IO[str],
    encabezados: Sequence[str],
    filas: Iterable[Sequence[Any]],
) -> None:
    """Escribe un CSV en UTF-8 con BOM, separado por comas, con fórmulas neutralizadas.

    `destino_texto` es una ruta o un archivo de texto abierto con `newline=""`.
    Si ese archivo ya escribe el BOM por sí mismo (codificación `utf-8-sig`),
    no se agrega otro. Las fechas salen como dd/mm/aaaa.
    """
    if isinstance(destino_texto, (str, os.PathLike)):
        with open(destino_texto, "w", encoding="utf-8", newline="") as archivo:
            _escribir_csv_en(archivo, encabezados, filas)
    else:
        _escribir_csv_en(destino_texto, encabezados, filas)


def _escribir_csv_en(archivo: IO[str], encabezados: Sequence[str], filas: Iterable[Sequence[Any]]) -> None:
    if not _escribe_bom_propio(archivo):
        archivo.write("\ufeff")
    escritor = csv.writer(archivo, delimiter=",", lineterminator="\r\n")
    escritor.writerow([_texto_csv(encabezado) for encabezado in encabezados])
    for fila in filas:
        escritor.writerow([_texto_csv(valor) for valor in fila])


def _escribe_bom_propio(archivo: IO[str]) -> bool:
    codificacion = getattr(archivo, "encoding", None)
    if not codificacion:
        return False
    try:
        return codecs.lookup(codificacion).name == "utf-8-sig"
    except LookupError:
        return False


def _texto_csv(valor: Any) -> str:
    if valor is None:
        return ""
    if isinstance(valor, str):
        return neutralizar_formula(valor)
    if isinstance(valor, datetime.datetime):
        return valor.strftime("%d/%m/%Y %H:%M")
    if isinstance(valor, datetime.date):
        return valor.strftime("%d/%m/%Y")
    return str(valor)


class _Linea:
    """Destino de `csv.writer` que devuelve la línea escrita en vez de guardarla."""

    def write(self, texto: str) -> str:
        return texto


def csv_en_trozos(encabezados: Sequence[str], filas: Iterable[Sequence[Any]], *, filas_por_trozo: int = 500):
    """Genera el CSV (UTF-8 con BOM, fórmulas neutralizadas) en trozos de bytes, sin archivo intermedio.

    Sirve para `StreamingHttpResponse`: el primer byte sale enseguida y la memoria no crece con las filas.
    """
    escritor = csv.writer(_Linea(), delimiter=",", lineterminator="\r\n")
    trozo = ["\ufeff", escritor.writerow([_texto_csv(encabezado) for encabezado in encabezados])]
    for fila in filas:
        trozo.append(escritor.writerow([_texto_csv(valor) for valor in fila]))
        if len(trozo) >= filas_por_trozo:
            yield "".join(trozo).encode("utf-8")
            trozo = []
    if trozo:
        yield "".join(trozo).encode("utf-8")


def escribir_tabla(destino: IO[bytes], formato: str, encabezados: Sequence[str], filas: Iterable[Sequence[Any]], *,
                   nombre_hoja: str = "Datos") -> None:
    """Escribe `filas` en el archivo binario `destino` como CSV («csv») o XLSX (cualquier otro valor)."""
    if formato == "csv":
        texto = io.TextIOWrapper(destino, encoding="utf-8-sig", newline="", write_through=True)
        escribir_csv(texto, encabezados, filas)
        # Suelta el archivo sin cerrarlo: quien llama todavía lo lee o lo envía.
        texto.detach()
    else:
        escribir_xlsx(destino, encabezados, filas, nombre_hoja=nombre_hoja)
