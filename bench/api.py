"""Benchmark de la API del aplicativo: capturas por segundo contra un servidor real.

Uso: `python -m bench.api [--capturas 1500] [--segundos 60] [--clientes 20] [--workers 3]`.

Crea desde cero la base `canastas_bench_api` en el mismo servidor PostgreSQL que
la plataforma (solo uno local), con un tipo de registro, un hogar por captura y un
operador. Levanta gunicorn en 127.0.0.1 sobre un puerto libre e ingresa por la
API para obtener el token. Luego `--clientes` hilos registran entregas (multipart
con una foto JPEG de unos 200 KB), cada una para un hogar distinto. La carga
termina al completar `--capturas` o al agotar `--segundos`.

Al final revisa en la base que no haya duplicados y que el número de filas sea el
de respuestas 201, y escribe una tabla Markdown en la salida estándar. Termina con
código 1 si hubo errores o duplicados. El servidor se detiene siempre.

NOTE: los clientes corren en la misma máquina que gunicorn y PostgreSQL, así que
compiten por la CPU; la cifra es la de todo el sistema en una sola máquina.
"""

import argparse
import http.client
import io
import json
import os
import queue
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import psycopg
from PIL import Image

from bench.basedatos import entorno_servidor

RAIZ = Path(__file__).resolve().parent.parent
NOMBRE_BASE = "canastas_bench_api"
HOSTS_LOCALES = {"", "localhost", "127.0.0.1", "::1"}
CLAVE_OPERADOR = "Clave-del-benchmark-2026"
TAMANO_FOTO = 200 * 1024
ESPERA_ARRANQUE_S = 60
LIMITE_DETENCION_S = 15

SEMBRAR = """
from django.contrib.auth.hashers import make_password
from django_scopes import scopes_disabled
from beneficiarios.models import Beneficiario
from canastas.texto import texto_busqueda
from entregas.models import TipoRegistro
from usuarios.models import Rol, Usuario

HOGARES = {hogares}
with scopes_disabled():
    TipoRegistro.objects.create(nombre="Canasta benchmark", codigo="BENCH-1")
    Usuario.objects.create(
        username="operador.bench", email="operador.bench@bench.pe", rol=Rol.OPERADOR,
        distrito_id="150122", password=make_password("{clave}"),
    )
    hogares = []
    for indice in range(HOGARES):
        numero = f"{{50000000 + indice:08d}}"
        hogares.append(Beneficiario(
            distrito_id="150122", tipo_documento="DNI", numero_documento=numero,
            apellido_paterno="QUISPE", apellido_materno="MAMANI", nombres=f"HOGAR {{indice}}",
            direccion="JR. LAS CAMELIAS 120", miembros_hogar=4,
            busqueda=texto_busqueda("QUISPE", "MAMANI", f"HOGAR {{indice}}", numero),
        ))
    Beneficiario.objects.bulk_create(hogares, batch_size=2000)
print(TipoRegistro.objects.get(codigo="BENCH-1").pk)
"""


# --- Base de datos ---


def _ajustes_principales() -> dict:
    """DATABASES["default"] de la plataforma, leído como lo hace settings.py (arranca pgserver si hace falta)."""
    sys.path.insert(0, str(RAIZ))
    from canastas.basedatos import url_base_datos

    carpeta_datos = Path(os.environ.get("CANASTAS_DATOS", str(RAIZ / ".datos")))
    return dj_database_url.parse(url_base_datos(carpeta_datos))


def _url(ajustes: dict, nombre: str) -> str:
    host = ajustes.get("HOST") or ajustes.get("OPTIONS", {}).get("host", "")
    if not (host.startswith("/") or host in HOSTS_LOCALES):
        raise SystemExit(f"El servidor PostgreSQL {host!r} no es local; el benchmark borra y crea una base de datos.")
    credenciales = f"{quote(ajustes.get('USER') or '', safe='')}:{quote(ajustes.get('PASSWORD') or '', safe='')}@"
    puerto = f":{ajustes['PORT']}" if ajustes.get("PORT") else ""
    if host.startswith("/"):
        return f"postgresql://{credenciales}{puerto}/{nombre}?host={quote(host, safe='/')}"
    return f"postgresql://{credenciales}{host or 'localhost'}{puerto}/{nombre}"


def recrear_base(ajustes: dict) -> str:
    """Borra y crea vacía `canastas_bench_api`; devuelve su URL."""
    if ajustes["NAME"] == NOMBRE_BASE:
        raise SystemExit(f"La base de datos principal ya es {NOMBRE_BASE}; use otra en DATABASE_URL.")
    with psycopg.connect(_url(ajustes, ajustes["NAME"]), autocommit=True) as conexion:
        conexion.execute(f"DROP DATABASE IF EXISTS {NOMBRE_BASE} WITH (FORCE)")
        conexion.execute(f"CREATE DATABASE {NOMBRE_BASE}")
    return _url(ajustes, NOMBRE_BASE)


def entorno_del_servidor(url: str, carpeta_archivos: Path) -> dict[str, str]:
    # Los 20 clientes comparten un token y una IP, como no lo haría el campo. Los límites quedan altos
    # para medir el servidor, y los contadores se siguen consultando en cada petición.
    return entorno_servidor(
        url, carpeta_archivos, hosts="127.0.0.1",
        CANASTAS_API_POR_MINUTO_IP="1000000", CANASTAS_API_POR_MINUTO_TOKEN="1000000",
    )


def preparar_base(entorno: dict[str, str], hogares: int) -> int:
    """Migra, carga ubigeos y siembra el tipo de registro, los hogares y el operador; devuelve el id del tipo."""
    manage = [sys.executable, "manage.py"]
    for comando in (["migrate", "--no-input", "--verbosity", "0"], ["cargar_ubigeos", "--verbosity", "0"]):
        subprocess.run(manage + comando, cwd=RAIZ, env=entorno, check=True, stdout=sys.stderr)
    codigo = SEMBRAR.format(hogares=hogares, clave=CLAVE_OPERADOR)
    salida = subprocess.run(
        manage + ["shell", "-c", codigo], cwd=RAIZ, env=entorno, check=True, capture_output=True, text=True
    )
    return int(salida.stdout.strip().splitlines()[-1])


def revisar_base(url: str) -> dict:
    with psycopg.connect(url) as conexion:
        filas = conexion.execute("SELECT count(*) FROM entregas_entrega").fetchone()[0]
        duplicadas_hogar = conexion.execute(
            "SELECT count(*) FROM (SELECT 1 FROM entregas_entrega GROUP BY beneficiario_id, tipo_registro_id "
            "HAVING count(*) > 1) AS repetidas"
        ).fetchone()[0]
        duplicadas_uuid = conexion.execute(
            "SELECT count(*) - count(DISTINCT uuid_cliente) FROM entregas_entrega"
        ).fetchone()[0]
    return {"filas": filas, "duplicadas_hogar": duplicadas_hogar, "duplicadas_uuid": duplicadas_uuid}


# --- Servidor ---


def puerto_libre() -> int:
    with socket.socket() as sondeo:
        sondeo.bind(("127.0.0.1", 0))
        return sondeo.getsockname()[1]


def arrancar_gunicorn(entorno: dict[str, str], puerto: int, workers: int, hilos: int) -> subprocess.Popen:
    comando = [
        sys.executable, "-m", "gunicorn", "canastas.wsgi:application",
        "--bind", f"127.0.0.1:{puerto}", "--workers", str(workers),
        "--worker-class", "gthread", "--threads", str(hilos), "--log-level", "warning",
    ]
    # Grupo de procesos propio: al detenerlo caen también los workers.
    return subprocess.Popen(comando, cwd=RAIZ, env=entorno, start_new_session=True)


def esperar_servidor(puerto: int, servidor: subprocess.Popen) -> None:
    limite = time.monotonic() + ESPERA_ARRANQUE_S
    while time.monotonic() < limite:
        if servidor.poll() is not None:
            raise SystemExit(f"gunicorn terminó al arrancar (código {servidor.returncode}).")
        try:
            conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=2)
            conexion.request("GET", "/api/v1/openapi.json")
            if conexion.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn no respondió en {ESPERA_ARRANQUE_S} s en el puerto {puerto}.")


def detener(servidor: subprocess.Popen) -> None:
    if servidor.poll() is not None:
        return
    os.killpg(servidor.pid, signal.SIGTERM)
    try:
        servidor.wait(timeout=LIMITE_DETENCION_S)
    except subprocess.TimeoutExpired:
        os.killpg(servidor.pid, signal.SIGKILL)
        servidor.wait(timeout=LIMITE_DETENCION_S)


# --- Clientes ---


def foto_jpeg(tamano: int = TAMANO_FOTO) -> bytes:
    """JPEG de 1280 × 960 con ruido, con la calidad que lo deja cerca de `tamano` bytes."""
    gradiente = Image.linear_gradient("L").resize((1280, 960)).convert("RGB")
    imagen = Image.blend(gradiente, Image.effect_noise((1280, 960), 40).convert("RGB"), 0.5)
    for calidad in range(70, 5, -5):
        salida = io.BytesIO()
        imagen.save(salida, format="JPEG", quality=calidad)
        if salida.tell() <= tamano:
            return salida.getvalue()
    return salida.getvalue()


def multipart(campos: dict[str, str], archivos: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    limite = uuid.uuid4().hex
    partes = []
    for nombre, valor in campos.items():
        partes.append(f'--{limite}\r\nContent-Disposition: form-data; name="{nombre}"\r\n\r\n{valor}\r\n'.encode())
    for nombre, (archivo, contenido) in archivos.items():
        cabecera = (
            f'--{limite}\r\nContent-Disposition: form-data; name="{nombre}"; filename="{archivo}"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        )
        partes.append(cabecera.encode() + contenido + b"\r\n")
    partes.append(f"--{limite}--\r\n".encode())
    return b"".join(partes), f"multipart/form-data; boundary={limite}"


def ingresar(puerto: int) -> str:
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=30)
    cuerpo = json.dumps({"username": "operador.bench", "password": CLAVE_OPERADOR})
    conexion.request(
        "POST", "/api/v1/_allauth/app/v1/auth/login", cuerpo, {"Content-Type": "application/json"}
    )
    respuesta = conexion.getresponse()
    datos = json.loads(respuesta.read())
    if respuesta.status != 200:
        raise SystemExit(f"El ingreso del operador falló con {respuesta.status}: {datos}")
    return datos["meta"]["session_token"]


@dataclass
class Resultados:
    latencias: list[float] = field(default_factory=list)
    estados: dict[int, int] = field(default_factory=dict)
    errores: list[str] = field(default_factory=list)
    # Carga media del sistema en 1 minuto al empezar y al terminar: otros procesos restan CPU.
    carga_inicial: float = 0.0
    carga_final: float = 0.0
    candado: threading.Lock = field(default_factory=threading.Lock)

    def anotar(self, estado: int, segundos: float, detalle: str = "") -> None:
        with self.candado:
            self.estados[estado] = self.estados.get(estado, 0) + 1
            if estado == 201:
                self.latencias.append(segundos)
            elif len(self.errores) < 5:
                self.errores.append(f"{estado}: {detalle[:200]}")


def cliente(puerto: int, token: str, tipo_id: int, foto: bytes, pendientes: queue.Queue, fin: float, resultados) -> None:
    """Registra entregas de los hogares de `pendientes` hasta vaciar la cola o llegar a `fin`."""
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=30)
    fecha = (datetime.now(timezone.utc) - timedelta(minutes=5)).isoformat()
    while time.monotonic() < fin:
        try:
            indice = pendientes.get_nowait()
        except queue.Empty:
            return
        campos = {
            "uuid_cliente": str(uuid.uuid4()), "tipo_registro": str(tipo_id), "tipo_documento": "DNI",
            "numero_documento": f"{50000000 + indice:08d}", "tipo_entrega": "domicilio", "miembros_18_59": "2",
            "latitud": "-12.121000", "longitud": "-77.030000", "precision_m": "10", "fecha_entrega": fecha,
        }
        cuerpo, tipo_contenido = multipart(campos, {"foto_dni_planilla": ("dni.jpg", foto)})
        inicio = time.perf_counter()
        try:
            conexion.request(
                "POST", "/api/v1/entregas", cuerpo, {"Content-Type": tipo_contenido, "X-Session-Token": token}
            )
            respuesta = conexion.getresponse()
            contenido = respuesta.read()
            resultados.anotar(respuesta.status, time.perf_counter() - inicio, contenido.decode(errors="replace"))
        except (OSError, http.client.HTTPException) as error:
            resultados.anotar(0, time.perf_counter() - inicio, repr(error))
            conexion.close()
            conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=30)


def percentil(valores: list[float], fraccion: float) -> float:
    if not valores:
        return float("nan")
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, int(round(fraccion * (len(ordenados) - 1))))]


# --- Corrida ---


def _positivo(tipo):
    def convertir(texto: str):
        valor = tipo(texto)
        if valor <= 0:
            raise argparse.ArgumentTypeError(f"se esperaba un número mayor que 0, no {texto!r}")
        return valor

    return convertir


def _argumentos() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__.splitlines()[0])
    parser.add_argument("--capturas", type=_positivo(int), default=1500, help="máximo de capturas, una por hogar (1500)")
    parser.add_argument("--segundos", type=_positivo(float), default=60, help="duración máxima de la carga, en segundos (60)")
    parser.add_argument("--clientes", type=_positivo(int), default=20, help="clientes concurrentes, un hilo cada uno (20)")
    parser.add_argument("--workers", type=_positivo(int), default=2, help="procesos de gunicorn (2)")
    parser.add_argument("--hilos", type=_positivo(int), default=6, help="hilos por proceso de gunicorn, worker gthread (6)")
    return parser.parse_args()


def medir(opciones, puerto: int, tipo_id: int) -> tuple[Resultados, float, int]:
    token = ingresar(puerto)
    foto = foto_jpeg()
    pendientes: queue.Queue = queue.Queue()
    for indice in range(opciones.capturas):
        pendientes.put(indice)

    resultados = Resultados()
    resultados.carga_inicial = os.getloadavg()[0]
    inicio = time.monotonic()
    fin = inicio + opciones.segundos
    hilos = [
        threading.Thread(target=cliente, args=(puerto, token, tipo_id, foto, pendientes, fin, resultados))
        for _ in range(opciones.clientes)
    ]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    resultados.carga_final = os.getloadavg()[0]
    return resultados, time.monotonic() - inicio, len(foto)


def tabla(opciones, resultados: Resultados, segundos: float, bytes_foto: int, base: dict) -> str:
    exitos = resultados.estados.get(201, 0)
    fallos = sum(cantidad for estado, cantidad in resultados.estados.items() if estado != 201)
    filas = [
        ("Clientes concurrentes", str(opciones.clientes)),
        ("Servidor", f"gunicorn gthread, {opciones.workers} workers × {opciones.hilos} hilos, 127.0.0.1"),
        ("CPU", f"{os.cpu_count()} núcleos"),
        ("Carga del sistema (1 min) al empezar / terminar", f"{resultados.carga_inicial:.1f} / {resultados.carga_final:.1f}"),
        ("Foto por captura", f"JPEG de {bytes_foto / 1024:.0f} KB"),
        ("Capturas registradas (201)", str(exitos)),
        ("Duración", f"{segundos:.1f} s"),
        ("Capturas por segundo", f"{exitos / segundos:.1f}"),
        ("Latencia p50", f"{percentil(resultados.latencias, 0.50) * 1000:.0f} ms"),
        ("Latencia p95", f"{percentil(resultados.latencias, 0.95) * 1000:.0f} ms"),
        ("Errores (respuesta distinta de 201)", str(fallos)),
        ("Filas en la base", str(base["filas"])),
        ("Duplicados (hogar y tipo / uuid)", f"{base['duplicadas_hogar']} / {base['duplicadas_uuid']}"),
    ]
    lineas = ["| Medida | Valor |", "|---|---|"] + [f"| {medida} | {valor} |" for medida, valor in filas]
    return "\n".join(lineas)


def _escribir_documento(tabla_markdown: str) -> None:
    import datetime

    from bench.documento import reemplazar_seccion

    fecha = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    reemplazar_seccion(
        "Capture API",
        f"""## Capture API

Written on {fecha} by `python -m bench.api`, which `make bench` runs after the padrón benchmark. A real
gunicorn server on 127.0.0.1 with its own database (`canastas_bench_api`), 20 concurrent clients, each
capture a JSON body plus a JPEG photo posted to `POST /api/v1/entregas` with an app session token, for
distinct households. The run then checks in the database that every 201 left exactly one row and that there
is no duplicate household/tipo or uuid. Target: at least 50 captures/s on this 2-core machine with no error.
The 20 clients share one token and one IP, so the API rate limits are raised for the run. Each request
still reads and writes its two limit counters in the cache table. Every capture goes to the same district and
tipo de registro, so all of them wait in turn on the same report summary row until their transaction commits.
The table is in Spanish because the command prints it so.

{tabla_markdown}
""",
    )


def main() -> int:
    opciones = _argumentos()
    ajustes = _ajustes_principales()
    url = recrear_base(ajustes)
    carpeta_archivos = Path(tempfile.mkdtemp(prefix="canastas-bench-api-"))
    entorno = entorno_del_servidor(url, carpeta_archivos)
    servidor = None
    try:
        print(f"Preparando {NOMBRE_BASE} con {opciones.capturas} hogares…", file=sys.stderr)
        tipo_id = preparar_base(entorno, opciones.capturas)
        puerto = puerto_libre()
        servidor = arrancar_gunicorn(entorno, puerto, opciones.workers, opciones.hilos)
        esperar_servidor(puerto, servidor)
        print(f"gunicorn escucha en 127.0.0.1:{puerto}; midiendo…", file=sys.stderr)
        resultados, segundos, bytes_foto = medir(opciones, puerto, tipo_id)
    finally:
        if servidor is not None:
            detener(servidor)
        shutil.rmtree(carpeta_archivos, ignore_errors=True)

    base = revisar_base(url)
    print(tabla(opciones, resultados, segundos, bytes_foto, base))
    _escribir_documento(tabla(opciones, resultados, segundos, bytes_foto, base))
    for error in resultados.errores:
        print(f"Error de ejemplo: {error}", file=sys.stderr)

    exitos = resultados.estados.get(201, 0)
    correcto = (
        exitos == base["filas"]
        and base["duplicadas_hogar"] == 0
        and base["duplicadas_uuid"] == 0
        and sum(resultados.estados.values()) == exitos
    )
    return 0 if correcto else 1


if __name__ == "__main__":
    sys.exit(main())
