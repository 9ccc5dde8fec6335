"""Plantilla XLSX de la carga de entregas: hoja de datos con una fila de ejemplo, instrucciones y tipos de registro."""

import io
from collections.abc import Iterable

import xlsxwriter

COLUMNAS = [
    ("tipo_documento", "Obligatorio. DNI o CE.", "DNI"),
    ("numero_documento", "Obligatorio. DNI: 8 dígitos (la columna tiene formato de texto para no perder ceros).",
     "40150002"),
    ("tipo_registro", "Obligatorio. Código o nombre del tipo de registro (vea la hoja «Tipos de registro»).",
     "DU033-1"),
    ("fecha_entrega", "Obligatorio. Día primero: 15/04/2020, o celda de fecha. No puede ser posterior a hoy.",
     "15/04/2020"),
    ("tipo_entrega", "Obligatorio. domicilio, punto de entrega o comunidad.", "domicilio"),
    ("miembros_0_5", "Integrantes del hogar de 0 a 5 años. Vacío = 0.", "1"),
    ("miembros_6_17", "Integrantes de 6 a 17 años. Vacío = 0.", "1"),
    ("miembros_18_59", "Integrantes de 18 a 59 años. Vacío = 0.", "2"),
    ("miembros_60_mas", "Integrantes de 60 años a más. Vacío = 0. Los cuatro tramos suman de 1 a 30.", "0"),
    ("observacion", "Opcional. Hasta 500 caracteres.", ""),
    ("motivo_inclusion", "Solo si el documento no está en el padrón del distrito: por qué recibió. "
     "Esas entregas quedan observadas.", ""),
    ("apellido_paterno", "Solo fuera del padrón (obligatorio entonces). Letras, espacios, ' - .", ""),
    ("apellido_materno", "Solo fuera del padrón. Opcional.", ""),
    ("nombres", "Solo fuera del padrón (obligatorio entonces).", ""),
    ("direccion", "Solo fuera del padrón (obligatorio entonces). Hasta 200 caracteres.", ""),
    ("telefono", "Opcional. Celular de 9 dígitos que empieza con 9.", ""),
    ("consentimiento_foto", "SÍ si la persona autorizó su foto; sin SÍ, su foto no se guarda.", "NO"),
    ("latitud", "Opcional. Grados decimales del punto GPS, p. ej. -12.121. Sin GPS la entrega queda observada.", ""),
    ("longitud", "Opcional. Grados decimales, p. ej. -77.0298. Va junto con la latitud.", ""),
]

INSTRUCCIONES = [
    "Cómo llenar la carga masiva de entregas",
    "",
    "1. Use la hoja «Entregas». Deje la fila 1 con los encabezados tal como están.",
    "2. Una fila por canasta entregada. Un hogar recibe una sola canasta por tipo de registro.",
    "3. Si el documento está en el padrón del distrito, basta con documento, tipo de registro, fecha, tipo de "
    "entrega e integrantes por edad.",
    "4. Si no está en el padrón, escriba también el motivo de inclusión, los apellidos, los nombres y la dirección "
    "de quien recibió. La entrega queda observada.",
    "5. Fotos: comprima en un .zip la foto del DNI con la planilla firmada de cada fila, con el número de documento "
    "como nombre (40150002.jpg). La foto de la persona va como 40150002-persona.jpg y solo se guarda con "
    "consentimiento. Sin foto, la entrega queda observada.",
    "6. Borre la fila de ejemplo antes de subir el archivo. Subir dos veces el mismo archivo no duplica entregas.",
    "",
    "Columnas:",
]


def plantilla_entregas_xlsx(tipos: Iterable[tuple[str, str, str]] = ()) -> io.BytesIO:
    """Arma la plantilla; `tipos` son (código, nombre, ámbito) de los tipos de registro activos del usuario."""
    salida = io.BytesIO()
    libro = xlsxwriter.Workbook(
        salida, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    negrita = libro.add_format({"bold": True, "bg_color": "#EEF0F3", "border": 1})
    texto = libro.add_format({"num_format": "@"})

    datos = libro.add_worksheet("Entregas")
    for columna, (nombre, _, ejemplo) in enumerate(COLUMNAS):
        datos.write_string(0, columna, nombre, negrita)
        if ejemplo:
            datos.write_string(1, columna, ejemplo)
        datos.set_column(columna, columna, max(len(nombre), 14) + 2, texto)
    datos.freeze_panes(1, 0)

    ayuda = libro.add_worksheet("Instrucciones")
    ayuda.set_column(0, 0, 22)
    ayuda.set_column(1, 1, 100)
    for fila, linea in enumerate(INSTRUCCIONES):
        ayuda.write_string(fila, 0, linea, negrita if fila == 0 else None)
    inicio = len(INSTRUCCIONES)
    for desplazamiento, (nombre, descripcion, _) in enumerate(COLUMNAS):
        ayuda.write_string(inicio + desplazamiento, 0, nombre)
        ayuda.write_string(inicio + desplazamiento, 1, descripcion)

    lista = libro.add_worksheet("Tipos de registro")
    lista.set_column(0, 0, 20)
    lista.set_column(1, 1, 60)
    lista.set_column(2, 2, 20)
    for columna, titulo in enumerate(("codigo", "nombre", "ambito")):
        lista.write_string(0, columna, titulo, negrita)
    for fila, valores in enumerate(tipos, start=1):
        for columna, valor in enumerate(valores):
            lista.write_string(fila, columna, valor)

    datos.activate()
    libro.close()
    salida.seek(0)
    return salida
