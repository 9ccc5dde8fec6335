"""Línea base: el mismo padrón con `BeneficiarioResource` de django-import-export.

El recurso es un ModelResource estándar: por cada fila busca el hogar por
documento, busca el distrito y hace un INSERT dentro de su propio savepoint.
Con las celdas tal como vienen del archivo, import_data revierte la carga
entera: los ubigeos numéricos pierden el cero inicial, los teléfonos con +51 no
caben y las fechas dd/mm/aaaa en texto no se reconocen. Por eso la lectura las
lleva al formato del modelo, y ese trabajo cuenta en el tiempo de lectura.
"""

import datetime
import re
import time
from itertools import islice
from pathlib import Path

import tablib
from python_calamine import CalamineWorkbook

from beneficiarios.models import Beneficiario
from beneficiarios.recursos import BeneficiarioResource

# Columnas del XLSX generado, en orden; el recurso llama «distrito» al ubigeo.
ENCABEZADOS_RECURSO = [
    "tipo_documento", "numero_documento", "apellido_paterno", "apellido_materno", "nombres",
    "fecha_nacimiento", "sexo", "telefono", "direccion", "distrito", "miembros_hogar",
]
NO_DIGITOS = re.compile(r"\D")


def _digitos(valor, ancho: int) -> str:
    if isinstance(valor, float):
        valor = int(valor)
    return str(valor).strip().zfill(ancho)


def _fecha(valor) -> datetime.date | None:
    if isinstance(valor, datetime.datetime):
        return valor.date()
    if isinstance(valor, datetime.date):
        return valor
    if not valor:
        return None
    return datetime.datetime.strptime(valor.strip(), "%d/%m/%Y").date()


def _fila_del_modelo(celdas: list) -> tuple:
    tipo, numero, paterno, materno, nombres, nacimiento, sexo, telefono, direccion, ubigeo, miembros = celdas
    return (
        tipo, _digitos(numero, 8), paterno, materno, nombres, _fecha(nacimiento), sexo,
        NO_DIGITOS.sub("", str(telefono))[-9:], direccion, _digitos(ubigeo, 6), int(miembros),
    )


def leer_dataset(ruta: Path, filas: int | None) -> tablib.Dataset:
    """Lee con calamine las primeras `filas` filas de datos (todas si es None) en un Dataset."""
    hoja = CalamineWorkbook.from_path(str(ruta)).get_sheet_by_index(0)
    datos = islice(hoja.iter_rows(), 1, None if filas is None else filas + 1)
    dataset = tablib.Dataset(headers=ENCABEZADOS_RECURSO)
    for celdas in datos:
        dataset.append(_fila_del_modelo(celdas))
    return dataset


def medir_import_export(ruta: Path, filas: int | None) -> dict:
    """Mide la lectura y `import_data` por separado; lanza RuntimeError si la carga no quedó guardada."""
    inicio = time.perf_counter()
    dataset = leer_dataset(ruta, filas)
    leido = time.perf_counter()
    recurso = BeneficiarioResource()
    recurso.maximo_filas = None  # la línea base mide el recurso sin el tope que el admin pone
    resultado = recurso.import_data(dataset, dry_run=False, raise_errors=False)
    importado = time.perf_counter()

    if resultado.has_errors():
        fila, errores = resultado.row_errors()[0]
        raise RuntimeError(f"import_data falló en la fila {fila} y revirtió toda la carga: {errores[0].error!r}")
    guardadas = Beneficiario.objects.count()
    return {
        "filas": len(dataset),
        "insertadas": guardadas,
        "invalidas": len(resultado.invalid_rows),
        "segundos": {"leer": leido - inicio, "import_data": importado - leido, "total": importado - inicio},
    }
