"""Textos en inglés de docs/benchmarks.md; las cifras salen de los resultados de la corrida."""

MEDIDO = """\
Each method runs in its own fresh Python process, so its peak RSS (`ru_maxrss`) includes Django, the
database driver and every library the process loaded, plus the memory calamine allocates in Rust.
The engine runs the services that the upload view and the task worker run (`importacion_crear`,
`importacion_validar`, `importacion_confirmar`, `importacion_aplicar` in
`beneficiarios/importacion/servicios.py`) as an administrator with no fixed district, on an empty padrón.
Its rows/s is the rows of the file divided by the total time, rejected rows included. Not timed: deleting
the staging rows after apply, which the service leaves to a follow-up worker task
(`limpiar_preparacion`); the benchmark does not run a worker. A file over 2 MB is checked only by type at
upload, so the workbook is read once, by the validation. The baseline is
`beneficiarios.recursos.BeneficiarioResource`, a standard django-import-export `ModelResource`, run with
`import_data(dry_run=False)`: for each row it looks up the household by document and the district by
ubigeo, then inserts the row inside its own savepoint. Given the cells as they are in the file,
`import_data` rolls the whole load back. On the first 200 rows of this file, django-import-export 4.4.3
reported 70 errors and 27 invalid rows. The errors come from numeric ubigeos without the leading zero,
which match no district, and from phones with +51, which do not fit the 9-character column. The invalid
rows have dd/mm/yyyy text dates that it could not parse. So the baseline's read step
pads DNI and ubigeo to 8 and 6 digits, keeps the last 9 phone digits and parses the text dates, and that
time is in its read row. The baseline runs no model validation
(`clean_model_instances` is off by default), so it also stores the rows with sex X that the engine
rejects. The floor reads the sheet with python-calamine into a list and COPYs the raw cells
into a scratch table of 11 text columns, with no cleaning or validation. Its time is a lower bound for
any import that reads this file with calamine and writes it with COPY."""

LIMITE_CALAMINE = """\
Known limit: calamine builds the whole sheet in Rust memory before the first row reaches Python, and
python-calamine's `iter_rows()` only walks that in-memory range
(<https://github.com/dimastbk/python-calamine/issues/42>), so that part grows with the file. The engine
opens the sheet twice, once to inspect it on upload and once to validate it, but not at the same time.
The Python side copies valid rows to the staging table and stores error rows in batches of 5,000. What
grows with the file there is the file's bytes, which the reader keeps whole, and the dictionary of
documents already seen, one entry per row, which finds duplicates within the file. The "calamine-only"
columns measure the Rust part in a process that only loads the sheet and iterates its rows, and the last
column is what the engine adds on top of it."""


def _veces(a: float, b: float) -> str:
    return f"{a / b:,.1f}×"


def resumen_motor(resultados: dict, objetivo: int) -> str:
    """Resume el motor en una frase, con el objetivo de filas/s y la comparación con las otras vías."""
    motor = resultados["motor"]
    total = motor["segundos"]["total"]
    por_segundo = motor["filas"] / total
    cumple = "met" if por_segundo >= objetivo else "NOT met"
    frases = [
        f"The engine imported {motor['filas']:,} rows in {total:.1f} s ({por_segundo:,.0f} rows/s end to end): "
        f"{motor['validas']:,} valid, {motor['rechazadas']:,} rejected, {motor['insertadas']:,} inserted. "
        f"Target of {objetivo:,} rows/s end to end: {cumple}."
    ]
    if "import_export" in resultados:
        base = resultados["import_export"]
        por_segundo_base = base["filas"] / base["segundos"]["import_data"]
        frases.append(
            f"That is {_veces(por_segundo, por_segundo_base)} the rows/s of django-import-export's import_data."
        )
    piso = resultados["piso"]
    veces_piso = _veces(total, piso["segundos"]["total"])
    frases.append(f"The floor (calamine read + COPY, no validation) took {veces_piso} less time than the engine.")
    return " ".join(frases)


def explicacion_memoria(resultados: dict) -> str:
    """Describe cómo creció la memoria entre el tamaño menor y el mayor medidos."""
    medidas = resultados["memoria"]
    if len(medidas) < 2:
        return LIMITE_CALAMINE
    menor, mayor = medidas[0], medidas[-1]

    def crecimiento(medida: dict, clave: str) -> float:
        return medida[clave]["pico_rss_mib"] - medida[clave]["rss_inicial_mib"]

    motor_menor, motor_mayor = crecimiento(menor, "motor"), crecimiento(mayor, "motor")
    calamine_menor, calamine_mayor = crecimiento(menor, "calamine"), crecimiento(mayor, "calamine")
    extra_menor, extra_mayor = motor_menor - calamine_menor, motor_mayor - calamine_mayor
    por_100k = (extra_mayor - extra_menor) / (mayor["filas"] - menor["filas"]) * 100_000
    cifras = (
        f"From {menor['filas']:,} to {mayor['filas']:,} rows ({_veces(mayor['filas'], menor['filas'])} the rows), "
        f"the engine's peak RSS went from {menor['motor']['pico_rss_mib']:,.0f} to "
        f"{mayor['motor']['pico_rss_mib']:,.0f} MiB, a growth over the process at start of "
        f"{motor_menor:,.0f} → {motor_mayor:,.0f} MiB. A calamine read alone grew {calamine_menor:,.0f} → "
        f"{calamine_mayor:,.0f} MiB, so what the engine adds on top of calamine went from "
        f"{extra_menor:,.0f} to {extra_mayor:,.0f} MiB, about {por_100k:,.0f} MiB per 100,000 rows. "
        f"At {mayor['filas']:,} rows, calamine accounts for {calamine_mayor / motor_mayor:.0%} of the engine's growth."
    )
    return cifras + "\n\n" + LIMITE_CALAMINE


def _maquina(maquina: dict) -> str:
    paquetes = ", ".join(f"{nombre} {version}" for nombre, version in maquina["paquetes"].items())
    ram = f"{maquina['ram_gib']:.1f} GiB RAM" if maquina["ram_gib"] else "RAM unknown"
    return (
        f"- CPU: {maquina['cpu']}, {maquina['nucleos']} cores (`os.cpu_count()`), {ram}\n"
        f"- Python {maquina['python']}, PostgreSQL {maquina['postgres']}; {paquetes}\n"
        f"- 1-minute load average at the start and the end of the run: {maquina['carga_1min']:.2f} and "
        f"{maquina['carga_1min_final']:.2f} (other processes using the CPU lower every rows/s figure)\n"
        "- Database: `canastas_bench` on the same PostgreSQL server as the development database, "
        "dropped and created at the start of each run, so the development data is untouched."
    )


def _datos(opciones, resultados: dict) -> str:
    mib = resultados["motor"]["bytes_archivo"] / 2**20
    if "import_export" not in resultados:
        baseline = "django-import-export was not measured (`--sin-import-export`)."
    elif opciones.filas_import_export == opciones.filas:
        baseline = f"django-import-export imported all {opciones.filas_import_export:,} rows."
    else:
        baseline = (
            f"django-import-export imported only the first {opciones.filas_import_export:,} rows "
            "(`--filas-import-export`), so its row count differs from the others. Its read time still "
            "includes calamine loading the whole sheet."
        )
    return (
        f"- {opciones.filas:,} rows, an XLSX of {mib:.1f} MiB, written by "
        "`generar_padron_xlsx(ruta, filas, semilla=1)` from `tests/importacion/generar_padron.py`. "
        "The file has DNIs as numbers and as text (1 in 10 shorter than 8 digits), dates as date cells and as "
        "dd/mm/yyyy text, phones with +51, and non-breaking and double spaces in names. "
        "1 row in 50 has sex X, which the engine rejects.\n"
        f"- {baseline}"
    )


def documento(
    *, comando, opciones, maquina, tabla_resultados, tabla_memoria, resumen, memoria, resultados
) -> str:
    """Devuelve docs/benchmarks.md completo."""
    return f"""\
# Benchmarks

## Padrón import

Written on {maquina['fecha']} by `{comando}`, the command that `make bench` runs. Each run rewrites this
section. Options:
`--filas N` (default 100000), `--filas-import-export N`, `--sin-import-export`,
`--tamanos 25000,50000,100000,200000`; with make, `make bench BENCH_ARGS="--filas 20000"`.

### Data

{_datos(opciones, resultados)}

### Machine

{_maquina(maquina)}

### Results

{tabla_resultados}

{resumen}

### Memory by file size

One fresh process per measurement. "Growth" is the peak RSS minus the RSS of the same process after
Django started, before the import.

{tabla_memoria}

{memoria}

### What is measured

{MEDIDO}
"""
