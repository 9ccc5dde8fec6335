"""Tablas de resultados: texto para la terminal y docs/benchmarks.md (en inglés, es documentación técnica)."""

import shlex
import sys
from pathlib import Path

from bench.basedatos import RAIZ
from bench.texto_informe import documento, explicacion_memoria, resumen_motor

RUTA_MARKDOWN = RAIZ / "docs" / "benchmarks.md"
OBJETIVO_FILAS_POR_SEGUNDO = 20_000
ENCABEZADOS_RESULTADOS = ["method", "rows", "seconds", "rows/s", "peak RSS (MiB)"]
ENCABEZADOS_MEMORIA = [
    "rows", "XLSX MiB", "engine s", "engine peak RSS MiB", "engine growth MiB",
    "calamine-only peak RSS MiB", "calamine-only growth MiB", "engine minus calamine MiB",
]


def _mib(valor: float | None) -> str:
    return "" if valor is None else f"{valor:,.0f}"


def _fila(metodo: str, filas: int, segundos: float, pico: float | None = None) -> list[str]:
    return [metodo, f"{filas:,}", f"{segundos:,.2f}", f"{filas / segundos:,.0f}", _mib(pico)]


def filas_resultados(resultados: dict) -> list[list[str]]:
    """Devuelve las filas de la tabla principal: motor y sus fases, línea base y piso."""
    motor = resultados["motor"]
    filas, segundos = motor["filas"], motor["segundos"]
    tabla = [
        _fila("Canastas engine, end to end", filas, segundos["total"], motor["pico_rss_mib"]),
        _fila("- crear: store file, SHA-256, inspect sheet", filas, segundos["crear"]),
        _fila("- validar: read, validate, COPY to staging", filas, segundos["validar"]),
        _fila("- confirmar + aplicar: INSERT ... SELECT", filas, segundos["aplicar"]),
    ]
    if "import_export" in resultados:
        base = resultados["import_export"]
        tabla.append(_fila("django-import-export: read + convert cells", base["filas"], base["segundos"]["leer"]))
        segundos_base = base["segundos"]["import_data"]
        tabla.append(_fila("django-import-export: import_data", base["filas"], segundos_base, base["pico_rss_mib"]))
    piso = resultados["piso"]
    tabla += [
        _fila("Floor: python-calamine read", piso["filas"], piso["segundos"]["leer"]),
        _fila("Floor: COPY of raw cells", piso["filas"], piso["segundos"]["copiar"]),
        _fila("Floor: read + COPY", piso["filas"], piso["segundos"]["total"], piso["pico_rss_mib"]),
    ]
    return tabla


def filas_memoria(resultados: dict) -> list[list[str]]:
    tabla = []
    for medida in resultados["memoria"]:
        motor, calamine = medida["motor"], medida["calamine"]
        crecimiento_motor = motor["pico_rss_mib"] - motor["rss_inicial_mib"]
        crecimiento_calamine = calamine["pico_rss_mib"] - calamine["rss_inicial_mib"]
        tabla.append([
            f"{medida['filas']:,}", f"{motor['bytes_archivo'] / 2**20:.1f}", f"{motor['segundos']['total']:.1f}",
            _mib(motor["pico_rss_mib"]), _mib(crecimiento_motor), _mib(calamine["pico_rss_mib"]),
            _mib(crecimiento_calamine), _mib(crecimiento_motor - crecimiento_calamine),
        ])
    return tabla


def _tabla_texto(encabezados: list[str], filas: list[list[str]]) -> str:
    anchos = [max(len(celda) for celda in columna) for columna in zip(encabezados, *filas)]
    lineas = []
    for fila in [encabezados, *filas]:
        celdas = [fila[0].ljust(anchos[0])] + [celda.rjust(ancho) for celda, ancho in zip(fila[1:], anchos[1:])]
        lineas.append("  ".join(celdas))
    lineas.insert(1, "  ".join("-" * ancho for ancho in anchos))
    return "\n".join(lineas)


def _tabla_markdown(encabezados: list[str], filas: list[list[str]]) -> str:
    alineacion = ["---"] + ["---:"] * (len(encabezados) - 1)
    return "\n".join("| " + " | ".join(fila) + " |" for fila in [encabezados, alineacion, *filas])


def _comando() -> str:
    return "python -m bench " + shlex.join(sys.argv[1:]) if sys.argv[1:] else "python -m bench"


def texto(opciones, maquina: dict, resultados: dict) -> str:
    """Devuelve el informe para la terminal: la tabla principal y la de memoria."""
    return "\n\n".join([
        f"Padrón import benchmark, {opciones.filas:,} rows ({maquina['fecha']}, {maquina['cpu']})",
        _tabla_texto(ENCABEZADOS_RESULTADOS, filas_resultados(resultados)),
        "Peak RSS of the engine by file size (one fresh process per measurement):",
        _tabla_texto(ENCABEZADOS_MEMORIA, filas_memoria(resultados)),
        resumen_motor(resultados, OBJETIVO_FILAS_POR_SEGUNDO),
    ]) + "\n"


def escribir_markdown(opciones, maquina: dict, resultados: dict, ruta: Path = RUTA_MARKDOWN) -> Path:
    """Reescribe la sección del padrón de docs/benchmarks.md con los resultados de esta corrida."""
    from bench.documento import TITULO_DOCUMENTO, reemplazar_seccion

    texto = documento(
        comando=_comando(),
        opciones=opciones,
        maquina=maquina,
        tabla_resultados=_tabla_markdown(ENCABEZADOS_RESULTADOS, filas_resultados(resultados)),
        tabla_memoria=_tabla_markdown(ENCABEZADOS_MEMORIA, filas_memoria(resultados)),
        resumen=resumen_motor(resultados, OBJETIVO_FILAS_POR_SEGUNDO),
        memoria=explicacion_memoria(resultados),
        resultados=resultados,
    )
    return reemplazar_seccion("Padrón import", texto.removeprefix(TITULO_DOCUMENTO).lstrip("\n"), ruta)
