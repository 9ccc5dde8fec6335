"""Una medición en un proceso nuevo, para que su pico de memoria no se mezcle con otras.

Uso: python -m bench.medir {motor,import-export,piso,calamine} ARCHIVO SALIDA [--filas N] [--perfil P]

Necesita DATABASE_URL apuntando a la base del benchmark (la pone `python -m
bench`). Escribe en SALIDA un JSON con los tiempos y el pico de RSS del
proceso (ru_maxrss, en MiB), que incluye la memoria de Rust de calamine.
"""

import argparse
import cProfile
import json
import resource
from pathlib import Path

import django
import psutil

METODOS = ("motor", "import-export", "piso", "calamine")


def _argumentos() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.medir", description=__doc__.splitlines()[0])
    parser.add_argument("metodo", choices=METODOS)
    parser.add_argument("archivo", type=Path, help="padrón XLSX que se mide")
    parser.add_argument("salida", type=Path, help="archivo JSON donde se escribe el resultado")
    parser.add_argument("--filas", type=int, help="importar solo las primeras N filas (solo import-export)")
    parser.add_argument("--perfil", type=Path, help="guardar un perfil de cProfile (pstats) en este archivo")
    return parser.parse_args()


def _medir(metodo: str, archivo: Path, filas: int | None) -> dict:
    from bench import linea_base, motor, piso

    if metodo == "motor":
        return motor.medir_motor(archivo)
    if metodo == "import-export":
        return linea_base.medir_import_export(archivo, filas)
    if metodo == "piso":
        return piso.medir_piso(archivo)
    return piso.medir_lectura_calamine(archivo)


def _medir_o_perfilar(argumentos: argparse.Namespace) -> dict:
    if argumentos.perfil is None:
        return _medir(argumentos.metodo, argumentos.archivo, argumentos.filas)
    # cProfile hace más lentas las llamadas de Python: los tiempos de esta corrida no son comparables.
    perfil = cProfile.Profile()
    resultado = perfil.runcall(_medir, argumentos.metodo, argumentos.archivo, argumentos.filas)
    perfil.dump_stats(argumentos.perfil)
    return resultado


def main() -> None:
    argumentos = _argumentos()
    django.setup()
    from django_scopes import scopes_disabled

    from bench.motor import vaciar_padron

    with scopes_disabled():
        vaciar_padron()
        rss_inicial = psutil.Process().memory_info().rss
        resultado = _medir_o_perfilar(argumentos)

    resultado["rss_inicial_mib"] = rss_inicial / 2**20
    # En Linux ru_maxrss está en KiB.
    resultado["pico_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    argumentos.salida.write_text(json.dumps(resultado))


if __name__ == "__main__":
    main()
