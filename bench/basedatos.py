"""La base de datos aparte del benchmark: URL, creación desde cero y preparación."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

NOMBRE_BASE = "canastas_bench"
RAIZ = Path(__file__).resolve().parent.parent
HOSTS_LOCALES = {"", "localhost", "127.0.0.1", "::1"}


def url_bench(base: dict, nombre: str = NOMBRE_BASE) -> str:
    """Devuelve la URL de la base `nombre` (por omisión `canastas_bench`) en el servidor de `base`.

    `base` es un DATABASES de Django. Conserva host, puerto, usuario y clave. Un host que es una carpeta (socket
    Unix, como el del PostgreSQL embebido) va en el parámetro `host`.
    """
    host = base.get("HOST") or base.get("OPTIONS", {}).get("host", "")
    _exigir_local(host)
    credenciales = f"{quote(base.get('USER') or '', safe='')}:{quote(base.get('PASSWORD') or '', safe='')}@"
    puerto = f":{base['PORT']}" if base.get("PORT") else ""
    if host.startswith("/"):
        return f"postgresql://{credenciales}{puerto}/{nombre}?host={quote(host, safe='/')}"
    return f"postgresql://{credenciales}{host or 'localhost'}{puerto}/{nombre}"


def _exigir_local(host: str) -> None:
    # El benchmark borra y crea una base de datos: solo en un servidor de esta máquina.
    if host.startswith("/") or host in HOSTS_LOCALES:
        return
    raise SystemExit(
        f"El servidor PostgreSQL {host!r} no es local; el benchmark solo corre contra un socket Unix, "
        "localhost o 127.0.0.1. Ajuste DATABASE_URL."
    )


def recrear_base(conexion) -> None:
    """Borra `canastas_bench` si existe y la crea vacía, con una conexión de Django a otra base."""
    if conexion.settings_dict["NAME"] == NOMBRE_BASE:
        raise SystemExit(f"La base de datos principal ya es {NOMBRE_BASE}; use otra en DATABASE_URL.")
    with conexion.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {NOMBRE_BASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {NOMBRE_BASE}")


def entorno_hijo(url: str, carpeta_archivos: Path, **extra: str) -> dict[str, str]:
    """Variables de entorno de los procesos hijos: la base del benchmark y una carpeta de archivos propia."""
    entorno = dict(os.environ)
    entorno.update(
        DATABASE_URL=url,
        CANASTAS_MEDIA=str(carpeta_archivos),
        DJANGO_SETTINGS_MODULE="canastas.settings",
        # Con DEBUG, Django guarda cada consulta en connection.queries, y la línea base hace varias por fila.
        DJANGO_DEBUG="0",
        **extra,
    )
    return entorno


def entorno_servidor(url: str, carpeta_archivos: Path, *, hosts: str, **extra: str) -> dict[str, str]:
    """Variables de un servidor de prueba local: HTTP sin redirección a HTTPS, sin manifiesto de estáticos."""
    return entorno_hijo(
        url, carpeta_archivos, DJANGO_HTTPS="0", DJANGO_ALLOWED_HOSTS=hosts, CANASTAS_ESTATICOS_MANIFIESTO="0",
        CANASTAS_LOG_NIVEL="WARNING", **extra,
    )


def preparar_base(entorno: dict[str, str]) -> None:
    """Aplica las migraciones y carga los ubigeos en la base del benchmark."""
    for comando in (["migrate", "--no-input", "--verbosity", "0"], ["cargar_ubigeos", "--verbosity", "0"]):
        subprocess.run([sys.executable, "manage.py", *comando], cwd=RAIZ, env=entorno, check=True, stdout=sys.stderr)
