"""Plantilla XLSX del padrón: hoja de datos con una fila de ejemplo y hoja de instrucciones."""

import io

import xlsxwriter

COLUMNAS = [
    ("tipo_documento", "Obligatorio. DNI o CE.", "DNI"),
    ("numero_documento", "Obligatorio. DNI: 8 dígitos (escríbalo como texto para no perder ceros).", "01234567"),
    ("apellido_paterno", "Obligatorio. Solo letras, espacios, ' - .", "QUISPE"),
    ("apellido_materno", "Opcional.", "MAMANI"),
    ("nombres", "Obligatorio.", "ROSA"),
    ("fecha_nacimiento", "Opcional. Día primero: 12/05/1980, o celda de fecha.", "12/05/1980"),
    ("sexo", "Opcional. M o F.", "F"),
    ("telefono", "Opcional. Celular de 9 dígitos que empieza con 9.", "987654321"),
    ("direccion", "Obligatorio. Hasta 200 caracteres.", "JR. LAS CAMELIAS 120"),
    ("ubigeo", "Obligatorio para el administrador; el subadministrador puede omitir la columna. 6 dígitos INEI.", "150122"),
    ("miembros_hogar", "Obligatorio. Número entero de 1 a 30.", "4"),
]

INSTRUCCIONES = [
    "Cómo llenar el padrón de potenciales beneficiarios",
    "",
    "1. Use la hoja «Padron». Deje la fila 1 con los encabezados tal como están.",
    "2. Una fila por hogar, con los datos del integrante que recibirá la canasta.",
    "3. Escriba el DNI como texto (la columna ya tiene formato de texto) para conservar los ceros iniciales.",
    "4. Fechas con el día primero (dd/mm/aaaa) o como celdas de fecha de Excel.",
    "5. La columna «Ejemplo» de abajo muestra una fila bien llenada; no la copie tal cual.",
    "6. Guarde como Excel (.xlsx) o CSV. Un documento que ya está en el padrón no se vuelve a cargar.",
    "",
    "Columnas:",
]


def plantilla_padron_xlsx() -> io.BytesIO:
    salida = io.BytesIO()
    libro = xlsxwriter.Workbook(salida, {"in_memory": True, "strings_to_numbers": False})
    negrita = libro.add_format({"bold": True, "bg_color": "#EEF0F3", "border": 1})
    texto = libro.add_format({"num_format": "@"})

    # La hoja de datos solo lleva encabezados: una fila de ejemplo olvidada se
    # cargaría como un hogar real. El ejemplo va en la hoja de instrucciones.
    datos = libro.add_worksheet("Padron")
    for columna, (nombre, _, _) in enumerate(COLUMNAS):
        datos.write_string(0, columna, nombre, negrita)
        datos.set_column(columna, columna, max(len(nombre), 14) + 2, texto)
    datos.freeze_panes(1, 0)

    ayuda = libro.add_worksheet("Instrucciones")
    ayuda.set_column(0, 0, 22)
    ayuda.set_column(1, 1, 90)
    ayuda.set_column(2, 2, 24)
    for fila, linea in enumerate(INSTRUCCIONES):
        ayuda.write_string(fila, 0, linea, negrita if fila == 0 else None)
    inicio = len(INSTRUCCIONES)
    ayuda.write_string(inicio, 0, "Columna", negrita)
    ayuda.write_string(inicio, 1, "Qué escribir", negrita)
    ayuda.write_string(inicio, 2, "Ejemplo", negrita)
    for desplazamiento, (nombre, descripcion, ejemplo) in enumerate(COLUMNAS, start=1):
        ayuda.write_string(inicio + desplazamiento, 0, nombre)
        ayuda.write_string(inicio + desplazamiento, 1, descripcion)
        ayuda.write_string(inicio + desplazamiento, 2, ejemplo)

    datos.activate()
    libro.close()
    salida.seek(0)
    return salida
