"""Orquesta una corrida: base de datos aparte, padrones generados y una medición por proceso hijo."""

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

from bench import basedatos, informe
from tests.importacion.generar_padron import generar_padron_xlsx

logger = logging.getLogger("bench")


class Padrones:
    """Genera cada padrón XLSX una sola vez por corrida, en `carpeta`."""

    def __init__(self, carpeta: Path):
        self.carpeta = carpeta
        self.rutas: dict[int, Path] = {}

    def ruta(self, filas: int) -> Path:
        if filas in self.rutas:
            return self.rutas[filas]

        ruta = self.carpeta / f"padron-{filas}.xlsx"
        inicio = time.perf_counter()
        generar_padron_xlsx(ruta, filas, semilla=1)
        segundos = time.perf_counter() - inicio
        logger.info("Padrón de %s filas generado en %.1f s (%.1f MiB)", filas, segundos, ruta.stat().st_size / 2**20)
        self.rutas[filas] = ruta
        return ruta


def medir_en_hijo(metodo: str, ruta: Path, entorno: dict[str, str], filas: int | None = None) -> dict:
    """Corre `python -m bench.medir` en un proceso nuevo y devuelve su resultado."""
    with tempfile.NamedTemporaryFile(suffix=".json") as salida:
        comando = [sys.executable, "-m", "bench.medir", metodo, str(ruta), salida.name]
        if filas is not None:
            comando += ["--filas", str(filas)]
        logger.info("Midiendo %s con %s", metodo, ruta.name)
        subprocess.run(comando, cwd=basedatos.RAIZ, env=entorno, check=True)
        resultado = json.loads(Path(salida.name).read_text())
    resultado["bytes_archivo"] = ruta.stat().st_size
    return resultado


def _medir_todo(opciones, padrones: Padrones, entorno: dict[str, str]) -> dict:
    principal = padrones.ruta(opciones.filas)
    resultados = {"motor": medir_en_hijo("motor", principal, entorno)}
    if not opciones.sin_import_export:
        resultados["import_export"] = medir_en_hijo("import-export", principal, entorno, opciones.filas_import_export)
    resultados["piso"] = medir_en_hijo("piso", principal, entorno)

    memoria = []
    for filas in opciones.tamanos:
        ruta = padrones.ruta(filas)
        motor = resultados["motor"] if filas == opciones.filas else medir_en_hijo("motor", ruta, entorno)
        memoria.append({"filas": filas, "motor": motor, "calamine": medir_en_hijo("calamine", ruta, entorno)})
    resultados["memoria"] = memoria
    return resultados


def ejecutar(opciones) -> None:
    """Recrea canastas_bench, mide, imprime la tabla y escribe docs/benchmarks.md."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "canastas.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection

    from bench.maquina import datos_maquina

    url = basedatos.url_bench(settings.DATABASES["default"])
    maquina = datos_maquina(connection)
    logger.info("Recreando la base de datos %s", basedatos.NOMBRE_BASE)
    basedatos.recrear_base(connection)
    connection.close()

    with tempfile.TemporaryDirectory(prefix="canastas-bench-") as carpeta:
        entorno = basedatos.entorno_hijo(url, Path(carpeta) / "archivos")
        basedatos.preparar_base(entorno)
        resultados = _medir_todo(opciones, Padrones(Path(carpeta)), entorno)
    maquina["carga_1min_final"] = os.getloadavg()[0]

    print(informe.texto(opciones, maquina, resultados))
    ruta = informe.escribir_markdown(opciones, maquina, resultados)
    logger.info("Resultados escritos en %s", ruta)
