"""Genera padrones XLSX realistas y mide la lectura y validación.

Uso como script (mide con 100 000 filas si no se indica otra cantidad):

    python tests/importacion/generar_padron.py [filas]

Imprime filas por segundo de la lectura sola y de lectura + validación, y el
pico de memoria residente (RSS) del proceso.
"""

import datetime
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

ENCABEZADOS = [
    "tipo_documento", "numero_documento", "apellido_paterno", "apellido_materno", "nombres",
    "fecha_nacimiento", "sexo", "telefono", "direccion", "ubigeo", "miembros_hogar",
]
UBIGEOS = ["150132", "150103", "150135", "040101", "080101"]
APELLIDOS = [
    "QUISPE", "MAMANI", "HUAMAN", "FLORES", "CHAVEZ", "ROJAS", "ÑAUPARI", "GÜERE", "D'ALESSANDRO",
    "VARGAS", "CONDORI", "SÁNCHEZ", "PÉREZ", "DE LA CRUZ", "CCOPA", "TICONA",
]
NOMBRES = ["MARÍA ELENA", "JUAN CARLOS", "ROSA", "LUIS ALBERTO", "CARMEN", "JOSÉ", "ÚRSULA", "PEDRO", "LUZ"]
VIAS = ["JR.", "AV.", "CALLE", "PSJE.", "AA.HH."]


def generar_padron_xlsx(ruta: str | Path, filas: int, semilla: int = 1) -> None:
    """Escribe un padrón con `filas` hogares en `ruta`, con las rarezas típicas de los archivos reales.

    Los DNI alternan celdas numéricas (algunas con menos de 8 dígitos, que
    darán W-PAD) y de texto. Hay ubigeos numéricos sin el cero inicial, fechas
    como celda de fecha y como texto dd/mm/aaaa, teléfonos con prefijo +51, y
    NBSP y espacios dobles en nombres. Uno de cada 50 hogares trae un error
    (sexo inválido). Los DNI no se repiten.
    """
    azar = random.Random(semilla)
    libro = xlsxwriter.Workbook(str(ruta), {"constant_memory": True, "strings_to_numbers": False})
    formato_fecha = libro.add_format({"num_format": "dd/mm/yyyy"})
    hoja = libro.add_worksheet("Padron")
    hoja.write_row(0, 0, ENCABEZADOS)

    for fila in range(1, filas + 1):
        dni = 1_000_000 + fila * 7 if fila % 10 == 0 else 40_000_000 + fila
        if fila % 3:
            hoja.write_number(fila, 1, dni)
        else:
            hoja.write_string(fila, 1, f"{dni:08d}")
        hoja.write_string(fila, 0, "DNI")
        hoja.write_string(fila, 2, azar.choice(APELLIDOS))
        hoja.write_string(fila, 3, azar.choice(APELLIDOS))
        nombre = azar.choice(NOMBRES)
        if fila % 7 == 0:
            nombre = nombre.replace(" ", "\u00a0") + "  "
        hoja.write_string(fila, 4, nombre)

        nacimiento = datetime.date(1940 + azar.randrange(65), 1 + azar.randrange(12), 1 + azar.randrange(28))
        if fila % 4 == 0:
            hoja.write_string(fila, 5, nacimiento.strftime("%d/%m/%Y"))
        else:
            hoja.write_datetime(fila, 5, nacimiento, formato_fecha)

        hoja.write_string(fila, 6, "X" if fila % 50 == 0 else azar.choice("MF"))
        telefono = f"9{azar.randrange(10**8):08d}"
        hoja.write_string(fila, 7, f"+51 {telefono}" if fila % 5 == 0 else telefono)
        hoja.write_string(fila, 8, f"{azar.choice(VIAS)} {azar.choice(APELLIDOS)} {azar.randrange(1, 2000)}")

        ubigeo = azar.choice(UBIGEOS)
        if ubigeo.startswith("0") and fila % 2:
            hoja.write_number(fila, 9, int(ubigeo))
        else:
            hoja.write_string(fila, 9, ubigeo)
        hoja.write_number(fila, 10, 1 + azar.randrange(8))
    libro.close()


def medir(filas: int) -> dict[str, float]:
    """Genera un padrón de `filas` hogares y mide lectura y lectura + validación."""
    from beneficiarios.importacion.validacion import leer_padron, validar_filas

    with tempfile.TemporaryDirectory() as carpeta:
        ruta = Path(carpeta) / "padron.xlsx"
        generar_padron_xlsx(ruta, filas)

        inicio = time.perf_counter()
        leidas = sum(1 for _ in leer_padron(ruta).filas())
        lectura = time.perf_counter() - inicio

        inicio = time.perf_counter()
        hoja = leer_padron(ruta)
        validas = 0
        for resultado in validar_filas(hoja, ubigeos_validos=set(UBIGEOS), hoy=datetime.date.today()):
            validas += resultado.valores is not None
        total = time.perf_counter() - inicio

    pico_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "filas": leidas,
        "validas": validas,
        "lectura_filas_por_s": leidas / lectura,
        "validacion_filas_por_s": leidas / total,
        "pico_rss_mib": pico_mib,
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    cantidad = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    for clave, valor in medir(cantidad).items():
        print(f"{clave}: {valor:,.0f}")
