"""El piso: leer con python-calamine y copiar las celdas crudas con COPY, sin validar nada."""

import time
from pathlib import Path

from django.db import connection
from python_calamine import CalamineWorkbook

TABLA_PISO = "bench_piso"
COLUMNAS = 11


def leer_filas(ruta: Path) -> list[list]:
    """Devuelve las filas de datos de la primera hoja, sin el encabezado."""
    hoja = CalamineWorkbook.from_path(str(ruta)).get_sheet_by_index(0)
    return hoja.to_python()[1:]


def medir_piso(ruta: Path) -> dict:
    """Lee `ruta` y copia sus filas a una tabla de texto; la tabla se borra al terminar."""
    columnas = ", ".join(f"c{indice} text" for indice in range(COLUMNAS))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLA_PISO}")
        cursor.execute(f"CREATE TABLE {TABLA_PISO} ({columnas})")

        inicio = time.perf_counter()
        filas = leer_filas(ruta)
        leidas = time.perf_counter()
        with cursor.copy(f"COPY {TABLA_PISO} FROM STDIN") as copia:
            for fila in filas:
                copia.write_row(fila)
        copiadas = time.perf_counter()

        cursor.execute(f"SELECT count(*) FROM {TABLA_PISO}")
        en_tabla = cursor.fetchone()[0]
        cursor.execute(f"DROP TABLE {TABLA_PISO}")

    if en_tabla != len(filas):
        raise RuntimeError(f"COPY dejó {en_tabla} filas en {TABLA_PISO}; se leyeron {len(filas)}.")
    segundos = {"leer": leidas - inicio, "copiar": copiadas - leidas, "total": copiadas - inicio}
    return {"filas": len(filas), "segundos": segundos}


def medir_lectura_calamine(ruta: Path) -> dict:
    """Recorre las filas con calamine sin guardarlas, como lo hace el lector del motor."""
    inicio = time.perf_counter()
    hoja = CalamineWorkbook.from_path(str(ruta)).get_sheet_by_index(0)
    filas = sum(1 for _ in hoja.iter_rows()) - 1
    return {"filas": filas, "segundos": {"total": time.perf_counter() - inicio}}
