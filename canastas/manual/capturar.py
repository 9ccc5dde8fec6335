"""Genera las capturas del manual (docs/manual/img/) con Chromium sin ventana.

Uso: python -m canastas.manual.capturar [ARCHIVO.png …]

Crea de cero la base `canastas_capturas` en el mismo servidor PostgreSQL que usa
la plataforma (el de DATABASE_URL o el embebido) y la llena con los datos de
demostración. Luego levanta la plataforma en un puerto libre de 127.0.0.1, ingresa
con cada usuario de demostración y captura las páginas de `CAPTURAS`. Al terminar
apaga su servidor, y un `make run` en marcha no se toca. Sin argumentos regenera
todas las imágenes; con nombres de archivo, solo esas.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE = "canastas_capturas"
CLAVE_DEMO = "Canastas-2026"
RAIZ = Path(__file__).resolve().parents[2]
CARPETA_IMAGENES = RAIZ / "docs" / "manual" / "img"
ESPERA_SERVIDOR_S = 60
# Punto GPS que Chromium entrega al formulario del operador: Miraflores, Lima.
GPS_DEMO = {"latitude": -12.1211, "longitude": -77.0297, "accuracy": 12}


def main(argv: list[str]) -> int:
    url_base = _url_base_de_la_plataforma()
    url_manual = _url_con_base(url_base, BASE)
    media = tempfile.mkdtemp(prefix="canastas-capturas-")
    entorno = {
        **os.environ,
        "DATABASE_URL": url_manual,
        "DJANGO_DEBUG": "1",
        "DJANGO_HTTPS": "0",
        "CANASTAS_TAREAS_INMEDIATAS": "1",
        "CANASTAS_MEDIA": media,
        "DJANGO_SETTINGS_MODULE": "canastas.settings",
    }
    try:
        _recrear_base(url_base, BASE)
        datos = _preparar_datos(entorno)
        return _capturar_con_servidor(entorno, datos, set(argv))
    finally:
        shutil.rmtree(media, ignore_errors=True)


def _url_base_de_la_plataforma() -> str:
    from canastas.basedatos import url_base_datos

    return url_base_datos(Path(os.environ.get("CANASTAS_DATOS", RAIZ / ".datos")))


def _url_con_base(url: str, base: str) -> str:
    partes = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(partes._replace(path=f"/{base}"))


def _recrear_base(url: str, base: str) -> None:
    import psycopg
    from psycopg import sql

    print(f"Creando la base {base} para las capturas")
    with psycopg.connect(_url_con_base(url, "postgres"), autocommit=True) as conexion:
        conexion.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(base)))
        conexion.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(base)))


def _preparar_datos(entorno: dict) -> dict:
    manage = [sys.executable, str(RAIZ / "manage.py")]
    for comando in (["migrate", "--no-input", "-v", "0"], ["cargar_ubigeos"], ["crear_usuarios_demo"], ["datos_demo"]):
        subprocess.run(manage + comando, env=entorno, cwd=RAIZ, check=True, stdout=subprocess.DEVNULL)
    salida = subprocess.run(
        [sys.executable, "-m", "canastas.manual.preparar"], env=entorno, cwd=RAIZ, check=True,
        capture_output=True, text=True,
    )
    return json.loads(salida.stdout.strip().splitlines()[-1])


def _puerto_libre() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _capturar_con_servidor(entorno: dict, datos: dict, solo: set[str]) -> int:
    puerto = _puerto_libre()
    origen = f"http://127.0.0.1:{puerto}"
    servidor = subprocess.Popen(
        [sys.executable, str(RAIZ / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{puerto}"],
        env=entorno, cwd=RAIZ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _esperar(origen + "/cuentas/login/", servidor)
        os.environ.update({clave: entorno[clave] for clave in ("DATABASE_URL", "DJANGO_DEBUG", "DJANGO_HTTPS")})
        from canastas.manual import navegador

        return navegador.capturar_todo(origen, datos, solo)
    finally:
        servidor.terminate()
        servidor.wait(timeout=20)


def _esperar(url: str, servidor: subprocess.Popen) -> None:
    limite = time.monotonic() + ESPERA_SERVIDOR_S
    while time.monotonic() < limite:
        if servidor.poll() is not None:
            raise RuntimeError(f"El servidor de capturas terminó al arrancar (código {servidor.returncode}).")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # respondió, aunque sea con un error
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"El servidor de capturas no respondió en {ESPERA_SERVIDOR_S} s en {url}.")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
