"""Punto de entrada de `python -m bench`: lee las opciones y corre el benchmark completo."""

import argparse

from bench.ejecucion import ejecutar


def _entero_positivo(texto: str) -> int:
    valor = int(texto.replace("_", ""))
    if valor < 1:
        raise argparse.ArgumentTypeError(f"se esperaba un entero positivo, no {texto!r}")
    return valor


def _tamanos(texto: str) -> list[int]:
    try:
        return sorted({_entero_positivo(parte) for parte in texto.split(",") if parte.strip()})
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"lista de tamaños inválida {texto!r}: {error}") from error


def _argumentos() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Mide la importación del padrón en la base de datos canastas_bench y escribe docs/benchmarks.md.",
    )
    parser.add_argument("--filas", type=_entero_positivo, default=100_000, help="filas del padrón principal (100000)")
    parser.add_argument(
        "--filas-import-export", type=_entero_positivo,
        help="filas que importa la línea base de django-import-export (por omisión, 20000 o --filas si es menor)",
    )
    parser.add_argument("--sin-import-export", action="store_true", help="no medir la línea base (tarda minutos)")
    parser.add_argument(
        "--tamanos", type=_tamanos, default=[25_000, 50_000, 100_000, 200_000],
        help="filas de cada medición de memoria, separadas por comas (25000,50000,100000,200000)",
    )
    argumentos = parser.parse_args()
    if argumentos.filas_import_export is None:
        # django-import-export guarda fila por fila en una transacción, y cada fila actualiza la misma fila
        # del resumen de reportes: con 100 000 filas no terminó en 10 minutos. La tasa se mide con 20 000.
        argumentos.filas_import_export = min(argumentos.filas, 20_000)
    if argumentos.filas_import_export > argumentos.filas:
        parser.error(
            f"--filas-import-export {argumentos.filas_import_export} es mayor que --filas {argumentos.filas}; "
            "la línea base importa filas del mismo padrón."
        )
    return argumentos


if __name__ == "__main__":
    ejecutar(_argumentos())
