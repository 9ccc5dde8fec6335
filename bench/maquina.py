"""Datos de la máquina y de las versiones, para que cada número diga dónde se midió."""

import datetime
import os
import platform
from importlib.metadata import version
from pathlib import Path

PAQUETES = ("Django", "django-import-export", "python-calamine", "psycopg")


def _modelo_cpu() -> str:
    try:
        lineas = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor() or "desconocido"
    for linea in lineas:
        if linea.startswith("model name"):
            return linea.split(":", 1)[1].strip()
    return platform.processor() or "desconocido"


def _memoria_gib() -> float | None:
    try:
        lineas = Path("/proc/meminfo").read_text().splitlines()
    except OSError:
        return None
    for linea in lineas:
        if linea.startswith("MemTotal:"):
            # /proc/meminfo da la memoria en KiB.
            return int(linea.split()[1]) / 2**20
    return None


def datos_maquina(conexion) -> dict:
    """Reúne CPU, núcleos, RAM, versiones de Python, PostgreSQL y paquetes, y la fecha (UTC)."""
    with conexion.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "fecha": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _modelo_cpu(),
        "nucleos": os.cpu_count(),
        "ram_gib": _memoria_gib(),
        "python": platform.python_version(),
        "postgres": postgres,
        # Otros procesos con CPU durante la corrida bajan las cifras; queda anotado en el informe.
        "carga_1min": os.getloadavg()[0],
        "paquetes": {nombre: version(nombre) for nombre in PAQUETES},
    }
