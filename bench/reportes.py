"""Benchmark de los reportes sobre datos del tamaño de un país.

Uso: `python -m bench.reportes [--beneficiarios 1500000] [--entregas 3000000] [--repeticiones 15]
[--repeticiones-detalle 5] [--reconstruir]`.

Usa la base `canastas_bench_reportes` en el mismo servidor PostgreSQL que la plataforma (solo uno
local). Si no existe, la crea, la migra y la llena con `manage.py datos_demo`. Si existe, la migra y
vuelve a llamar a `datos_demo`, que no agrega nada cuando los datos ya están. `--reconstruir` la borra
y la crea de nuevo.

Mide en este proceso, con el Client de pruebas de Django y como administrador, la mediana del tiempo
de servidor de cada página de reportes. Al lado mide las mismas cifras leídas del resumen y calculadas
con un GROUP BY sobre el detalle (`reportes.cifras`, `fuente="detalle"`). Después mide en procesos
aparte, uno por medición, el tiempo y el pico de memoria de dos exportaciones de San Juan de
Lurigancho: la de capturas (`entregas:exportar`) y el Archivo Contraloría. Escribe la sección
«Reports» de docs/benchmarks.md.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dj_database_url
import psycopg

from bench.basedatos import RAIZ, entorno_servidor, url_bench

NOMBRE_BASE = "canastas_bench_reportes"
DISTRITO_EXPORTACION = "150132"  # San Juan de Lurigancho, el de más entregas en los datos de demostración.
USUARIO_ADMIN = "bench.admin"
CALENTAMIENTO = 3
# (nombre, URL, cifras que la página calcula: función de reportes.cifras y sus argumentos).
PAGINAS = [
    ("Nacional", "/reportes/", [("cifras_por_area", {"nivel": "departamento", "prefijo": ""})]),
    ("Departamento 15 (Lima)", "/reportes/departamento/15/",
     [("cifras_por_area", {"nivel": "provincia", "prefijo": "15"})]),
    ("Provincia 1501 (Lima)", "/reportes/provincia/1501/",
     [("cifras_por_area", {"nivel": "distrito", "prefijo": "1501"})]),
    ("Distrito 150132 (San Juan de Lurigancho)", "/reportes/distrito/150132/", [
        ("cifras_de", {"codigo": "150132"}), ("cifras_por_tipo", {"codigo": "150132"}),
        ("serie_diaria", {"codigo": "150132"}),
    ]),
    ("Reporte General", "/reportes/general/", [("cifras_por_area", {"nivel": "distrito", "prefijo": ""})]),
]


# --- Base de datos y datos ---


def _ajustes_principales() -> dict:
    """DATABASES["default"] de la plataforma, leído como lo hace settings.py (arranca pgserver si hace falta)."""
    sys.path.insert(0, str(RAIZ))
    from canastas.basedatos import url_base_datos

    carpeta_datos = Path(os.environ.get("CANASTAS_DATOS", str(RAIZ / ".datos")))
    return dj_database_url.parse(url_base_datos(carpeta_datos))


def asegurar_base(ajustes: dict, reconstruir: bool) -> str:
    """Crea `canastas_bench_reportes` si falta (o si se pide reconstruirla) y devuelve su URL."""
    if ajustes["NAME"] == NOMBRE_BASE:
        raise SystemExit(f"La base de datos principal ya es {NOMBRE_BASE}; use otra en DATABASE_URL.")
    principal = url_bench(ajustes, nombre=ajustes["NAME"])
    with psycopg.connect(principal, autocommit=True) as conexion:
        if reconstruir:
            conexion.execute(f"DROP DATABASE IF EXISTS {NOMBRE_BASE} WITH (FORCE)")
        existe = conexion.execute("SELECT 1 FROM pg_database WHERE datname = %s", [NOMBRE_BASE]).fetchone()
        if not existe:
            conexion.execute(f"CREATE DATABASE {NOMBRE_BASE}")
    return url_bench(ajustes, nombre=NOMBRE_BASE)


def entorno(url: str, carpeta_archivos: Path) -> dict[str, str]:
    # El Archivo Contraloría se genera dentro del proceso que lo pide, sin worker.
    return entorno_servidor(url, carpeta_archivos, hosts="testserver", CANASTAS_TAREAS_INMEDIATAS="1")


def preparar_datos(variables: dict[str, str], beneficiarios: int, entregas: int) -> dict:
    """Migra, carga ubigeos y corre datos_demo; devuelve si creó los datos y cuánto tardó."""
    manage = [sys.executable, "manage.py"]
    for comando in (["migrate", "--no-input", "--verbosity", "0"], ["cargar_ubigeos", "--verbosity", "0"]):
        subprocess.run(manage + comando, cwd=RAIZ, env=variables, check=True, stdout=sys.stderr)

    comando = ["datos_demo", "--beneficiarios", str(beneficiarios), "--entregas", str(entregas)]
    print(f"Preparando los datos: manage.py {' '.join(comando)}", file=sys.stderr)
    inicio = time.perf_counter()
    salida = subprocess.run(manage + comando, cwd=RAIZ, env=variables, text=True, capture_output=True)
    segundos = time.perf_counter() - inicio
    sys.stderr.write(salida.stdout + salida.stderr)
    if salida.returncode != 0:
        raise SystemExit(
            f"datos_demo terminó con código {salida.returncode}. Si la base tiene otros datos de demostración, "
            "corra de nuevo con --reconstruir."
        )
    creados = "ya están" not in salida.stdout
    return {"creados": creados, "segundos": segundos, "salida": salida.stdout.strip().splitlines()[-1]}


# --- Mediciones dentro de Django ---


def _admin():
    from usuarios.models import Rol, Usuario

    usuario, _ = Usuario.objects.get_or_create(
        username=USUARIO_ADMIN, defaults={"rol": Rol.ADMINISTRADOR, "is_staff": True, "first_name": "Benchmark"}
    )
    return usuario


def _mediana_ms(funcion, repeticiones: int, calentamiento: int = CALENTAMIENTO) -> dict:
    for _ in range(calentamiento):
        funcion()
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        funcion()
        tiempos.append((time.perf_counter() - inicio) * 1000)
    return {"mediana_ms": statistics.median(tiempos), "maximo_ms": max(tiempos), "repeticiones": repeticiones}


def medir_paginas(repeticiones: int, repeticiones_detalle: int) -> list[dict]:
    from django.test import Client
    from django_scopes import scopes_disabled

    from reportes import cifras

    cliente = Client()
    cliente.force_login(_admin())
    resultados = []
    for nombre, url, calculos in PAGINAS:
        respuesta = cliente.get(url)
        if respuesta.status_code != 200:
            print(f"{url} respondió {respuesta.status_code}; no se mide.", file=sys.stderr)
            resultados.append({"nombre": nombre, "url": url, "estado": respuesta.status_code})
            continue

        def pedir(url=url):
            estado = cliente.get(url).status_code
            if estado != 200:
                raise RuntimeError(f"{url} respondió {estado} durante la medición.")

        def calcular(fuente, calculos=calculos):
            with scopes_disabled():
                for funcion, argumentos in calculos:
                    getattr(cifras, funcion)(**argumentos, fuente=fuente)

        print(f"Midiendo {url}…", file=sys.stderr)
        resultados.append({
            "nombre": nombre, "url": url, "estado": 200,
            "pagina": _mediana_ms(pedir, repeticiones),
            "resumen": _mediana_ms(lambda: calcular("resumen"), repeticiones),
            "detalle": _mediana_ms(lambda: calcular("detalle"), repeticiones_detalle, calentamiento=1),
        })
    return resultados


def tamano_datos() -> dict:
    from django.db import connection

    consultas = {
        "hogares": "SELECT count(*) FROM beneficiarios_beneficiario",
        "programaciones": "SELECT count(*) FROM entregas_programacion",
        "entregas": "SELECT count(*) FROM entregas_entrega",
        "entregas_distrito": f"SELECT count(*) FROM entregas_entrega WHERE distrito_id = '{DISTRITO_EXPORTACION}'",
        "megabytes": "SELECT pg_database_size(current_database()) / 1048576",
    }
    with connection.cursor() as cursor:
        datos = {}
        for clave, consulta in consultas.items():
            cursor.execute(consulta)
            datos[clave] = int(cursor.fetchone()[0])
    return datos


# --- Exportaciones, cada una en su proceso ---


def _memoria_kib(campo: str) -> int:
    for linea in Path("/proc/self/status").read_text().splitlines():
        if linea.startswith(campo + ":"):
            return int(linea.split()[1])
    return 0


def medir_exportacion(cual: str) -> dict:
    """Corre una exportación en este proceso y mide tiempo, primer byte y memoria."""
    import django

    django.setup()
    from django.test import Client
    from django_scopes import scopes_disabled

    rss_inicial = _memoria_kib("VmRSS")
    admin = _admin()
    inicio = time.perf_counter()
    if cual.startswith("capturas-"):
        formato = cual.removeprefix("capturas-")
        cliente = Client()
        cliente.force_login(admin)
        respuesta = cliente.get("/entregas/exportar/", {"distrito": DISTRITO_EXPORTACION, "formato": formato})
        if respuesta.status_code == 302:
            # Un Excel grande va a segundo plano; con CANASTAS_TAREAS_INMEDIATAS el trabajo ya corrió.
            tamano, filas = _archivo_de_exportacion(respuesta["Location"])
            primer_byte = None
        elif respuesta.status_code == 200:
            primer_byte = time.perf_counter() - inicio
            tamano = sum(len(parte) for parte in respuesta.streaming_content)
            filas = _filas_exportadas()
        else:
            raise SystemExit(f"La exportación de capturas respondió {respuesta.status_code}.")
    else:
        from canastas.models import Distrito
        from reportes.archivos import servicios
        from reportes.archivos.selectores import Periodo, ultimo_viernes
        from django.utils import timezone

        with scopes_disabled():
            archivo = servicios.archivo_contraloria_solicitar(
                usuario=admin, distrito=Distrito.objects.get(pk=DISTRITO_EXPORTACION),
                fecha_corte=ultimo_viernes(timezone.localdate()), periodo=Periodo.ACUMULADO,
            )
            archivo.refresh_from_db()
        if archivo.estado != "listo":
            raise SystemExit(f"El Archivo Contraloría quedó «{archivo.estado}»: {archivo.mensaje_error}")
        primer_byte = None
        tamano, filas = archivo.archivo.size, archivo.filas
    segundos = time.perf_counter() - inicio
    return {
        "cual": cual, "segundos": segundos, "primer_byte": primer_byte, "bytes": tamano, "filas": filas,
        "rss_inicial_mib": rss_inicial / 1024, "pico_rss_mib": _memoria_kib("VmHWM") / 1024,
        "ru_maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _archivo_de_exportacion(ubicacion: str) -> tuple[int, int]:
    """Tamaño y filas del archivo de una exportación en segundo plano, por la URL de su página."""
    from django_scopes import scopes_disabled

    from reportes.models import ArchivoGenerado

    pk = int(ubicacion.rstrip("/").rsplit("/", 1)[-1])
    with scopes_disabled():
        archivo = ArchivoGenerado.objects.get(pk=pk)
    if archivo.estado != "listo":
        raise SystemExit(f"La exportación en segundo plano quedó «{archivo.estado}»: {archivo.mensaje_error}")
    return archivo.archivo.size, archivo.filas


def _filas_exportadas() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM entregas_entrega WHERE distrito_id = %s", [DISTRITO_EXPORTACION])
        return cursor.fetchone()[0]


def exportacion_en_hijo(cual: str, variables: dict[str, str]) -> dict:
    print(f"Midiendo la exportación {cual} en un proceso aparte…", file=sys.stderr)
    with tempfile.NamedTemporaryFile(suffix=".json") as salida:
        resultado = subprocess.run(
            [sys.executable, "-m", "bench.reportes", "--exportacion", cual, "--salida", salida.name],
            cwd=RAIZ, env=variables,
        )
        if resultado.returncode != 0:
            return {"cual": cual, "error": f"el proceso terminó con código {resultado.returncode}"}
        return json.loads(Path(salida.name).read_text())


# --- Informe ---


def tabla_paginas(paginas: list[dict]) -> str:
    lineas = [
        "| page | URL | page median ms (max) | figures from summary, median ms | figures by GROUP BY over detail, "
        "median ms | detail / summary |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for pagina in paginas:
        if pagina["estado"] != 200:
            lineas.append(f"| {pagina['nombre']} | `{pagina['url']}` | answered {pagina['estado']} | | | |")
            continue
        resumen, detalle = pagina["resumen"]["mediana_ms"], pagina["detalle"]["mediana_ms"]
        lineas.append(
            f"| {pagina['nombre']} | `{pagina['url']}` | {pagina['pagina']['mediana_ms']:,.1f} "
            f"({pagina['pagina']['maximo_ms']:,.0f}) | {resumen:,.1f} | {detalle:,.0f} | {detalle / resumen:,.0f}× |"
        )
    return "\n".join(lineas)


def tabla_exportaciones(exportaciones: list[dict]) -> str:
    nombres = {
        "capturas-csv": "Captures export, CSV (`/entregas/exportar/?distrito=150132&formato=csv`)",
        "capturas-xlsx": "Captures export, XLSX (`/entregas/exportar/?distrito=150132&formato=xlsx`)",
        "contraloria": "Archivo Contraloría XLSX, 150132, cut-off last Friday, cumulative",
    }
    lineas = [
        "| export | rows | MiB | seconds | first byte after s | peak RSS MiB | RSS at start MiB | growth MiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for medida in exportaciones:
        if "error" in medida:
            lineas.append(f"| {nombres[medida['cual']]} | failed: {medida['error']} | | | | | | |")
            continue
        primer_byte = "" if medida["primer_byte"] is None else f"{medida['primer_byte']:.1f}"
        lineas.append(
            f"| {nombres[medida['cual']]} | {medida['filas']:,} | {medida['bytes'] / 2**20:,.1f} | "
            f"{medida['segundos']:.1f} | {primer_byte} | {medida['pico_rss_mib']:,.0f} | "
            f"{medida['rss_inicial_mib']:,.0f} | {medida['pico_rss_mib'] - medida['rss_inicial_mib']:,.0f} |"
        )
    return "\n".join(lineas)


def conclusion_exportaciones(exportaciones: list[dict]) -> str:
    """Dice, con los números de la corrida, cómo llegan las exportaciones de capturas y cuánto creció la memoria."""
    capturas = [m for m in exportaciones if m["cual"].startswith("capturas-") and "error" not in m]
    if not capturas:
        return "The captures export failed, so there is nothing to say about streaming."
    partes = []
    for medida in capturas:
        formato = medida["cual"].removeprefix("capturas-").upper()
        if medida["primer_byte"] is None:
            partes.append(
                f"The {formato} export ran as a background job (over `CANASTAS_XLSX_EN_LINEA` rows): the request "
                f"queued it and the file was ready after {medida['segundos']:.1f} s, with a progress page meanwhile."
            )
        elif medida["primer_byte"] >= 0.9 * medida["segundos"]:
            partes.append(
                f"The {formato} export is not streamed: the first byte came after {medida['primer_byte']:.1f} s "
                f"of {medida['segundos']:.1f} s."
            )
        else:
            partes.append(
                f"The {formato} export streams: the first byte came after {medida['primer_byte']:.1f} s of "
                f"{medida['segundos']:.1f} s."
            )
    crecimiento = max(m["pico_rss_mib"] - m["rss_inicial_mib"] for m in capturas)
    return (
        " ".join(partes)
        + f" Memory stayed small: the process grew by at most {crecimiento:,.0f} MiB for "
        f"{capturas[0]['filas']:,} rows, because rows are read in blocks of 2,000 and xlsxwriter runs in "
        "`constant_memory` mode. Background jobs run in the worker, so gunicorn's `--timeout 60` does not apply "
        "to them."
    )


def documento_markdown(opciones, maquina: dict, datos: dict, preparacion: dict, paginas, exportaciones) -> str:
    if preparacion["creados"]:
        origen_datos = (
            f"Built in this run by `manage.py datos_demo --beneficiarios {opciones.beneficiarios} --entregas "
            f"{opciones.entregas}` in {preparacion['segundos'] / 60:.1f} min (COPY in blocks of 50,000 households, "
            "summary triggers off during the load and one rebuild of the summary before COMMIT, then VACUUM "
            "ANALYZE and a check that the summary equals the detail)."
        )
    else:
        origen_datos = "Reused from an earlier run: `datos_demo` found the same counts and added nothing."
    lentas = [p["nombre"] for p in paginas if p["estado"] == 200 and p["pagina"]["mediana_ms"] >= 100]
    objetivo = (
        "Every measured page has a median under 100 ms."
        if not lentas else f"Over the 100 ms target: {', '.join(lentas)}."
    )
    return f"""## Reports

Written on {maquina['fecha']} by `python -m bench.reportes`, which `make bench` runs after the capture API
benchmark. Options: `--beneficiarios N --entregas M` (default 1500000 and 3000000), `--repeticiones N`
(requests per page, default 15), `--repeticiones-detalle N` (default 5), `--reconstruir` (drop and rebuild the
data set).

### Data

- Database `{NOMBRE_BASE}` on the same PostgreSQL server as the development database: {datos['hogares']:,}
  households, {datos['programaciones']:,} programaciones, {datos['entregas']:,} deliveries (of them
  {datos['entregas_distrito']:,} in San Juan de Lurigancho, 150132), {datos['megabytes']:,} MiB on disk.
- {origen_datos}

### Machine

- CPU: {maquina['cpu']}, {maquina['nucleos']} cores (`os.cpu_count()`), {maquina['ram_gib']:.1f} GiB RAM
- Python {maquina['python']}, PostgreSQL {maquina['postgres']}, Django {maquina['paquetes']['Django']}
- 1-minute load average at the start and the end of the run: {maquina['carga_1min']:.2f} and
  {maquina['carga_1min_final']:.2f}. Other processes shared the 2 cores, so every time here is higher than on
  an idle machine.

### Report pages

Server time of one request: Django's test `Client` in this process, logged in as an administrador, with
`DJANGO_DEBUG=0`; no network and no browser. {CALENTAMIENTO} warm-up requests, then {opciones.repeticiones} timed
ones per page. "Figures from summary" times the `reportes.cifras` calls behind the page reading the
per-district summary tables; "GROUP BY over detail" runs the same calls with `fuente="detalle"`, which
aggregates `beneficiarios_beneficiario`, `entregas_programacion` and `entregas_entrega` directly
({opciones.repeticiones_detalle} timed runs after one warm-up). {objetivo}

{tabla_paginas(paginas)}

### Exports of San Juan de Lurigancho

Each export runs in a fresh process (`python -m bench.reportes --exportacion …`); peak RSS is `VmHWM`
from `/proc/self/status`, which counts Django and every library the process loaded. The captures export
goes through the view with the test `Client` and reads the whole response; "first byte" is the time until
the view returned it. The Archivo Contraloría runs the same service as the page, with the task run inline
(`CANASTAS_TAREAS_INMEDIATAS=1`).

{tabla_exportaciones(exportaciones)}

{conclusion_exportaciones(exportaciones)}
"""


def _argumentos() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.reportes", description=__doc__.splitlines()[0])
    parser.add_argument("--beneficiarios", type=int, default=1_500_000, help="hogares del conjunto de datos")
    parser.add_argument("--entregas", type=int, default=3_000_000, help="entregas del conjunto de datos")
    parser.add_argument("--repeticiones", type=int, default=15, help="pedidos medidos por página (15)")
    parser.add_argument(
        "--repeticiones-detalle", type=int, default=5, help="cálculos medidos de las cifras sobre el detalle (5)"
    )
    parser.add_argument("--reconstruir", action="store_true", help="borra la base del benchmark y la llena de nuevo")
    parser.add_argument("--exportacion", choices=["capturas-csv", "capturas-xlsx", "contraloria"], help=argparse.SUPPRESS)
    parser.add_argument("--salida", help=argparse.SUPPRESS)
    opciones = parser.parse_args()
    if opciones.repeticiones < 15:
        parser.error("--repeticiones debe ser al menos 15, para que la mediana signifique algo.")
    if opciones.repeticiones_detalle < 1:
        parser.error("--repeticiones-detalle debe ser al menos 1.")
    return opciones


def main() -> None:
    opciones = _argumentos()
    if opciones.exportacion:
        Path(opciones.salida).write_text(json.dumps(medir_exportacion(opciones.exportacion)))
        return

    carga_inicial = os.getloadavg()[0]
    url = asegurar_base(_ajustes_principales(), opciones.reconstruir)
    with tempfile.TemporaryDirectory(prefix="canastas-bench-reportes-") as carpeta:
        variables = entorno(url, Path(carpeta) / "archivos")
        preparacion = preparar_datos(variables, opciones.beneficiarios, opciones.entregas)

        os.environ.update(variables)
        import django

        django.setup()
        from django.db import connection

        from bench.maquina import datos_maquina

        maquina = datos_maquina(connection)
        maquina["carga_1min"] = carga_inicial
        datos = tamano_datos()
        paginas = medir_paginas(opciones.repeticiones, opciones.repeticiones_detalle)
        connection.close()
        exportaciones = [
            exportacion_en_hijo(cual, variables) for cual in ("capturas-csv", "capturas-xlsx", "contraloria")
        ]
    maquina["carga_1min_final"] = os.getloadavg()[0]

    from bench.documento import reemplazar_seccion

    texto = documento_markdown(opciones, maquina, datos, preparacion, paginas, exportaciones)
    print(tabla_paginas(paginas))
    print(tabla_exportaciones(exportaciones))
    ruta = reemplazar_seccion("Reports", texto)
    print(f"Resultados escritos en {ruta}", file=sys.stderr)


if __name__ == "__main__":
    main()
