from pathlib import Path

import pytest
from django.core.files import File

from beneficiarios.importacion import servicios

# Copia versionada de los casos de importación (archivos reales con sus problemas típicos).
CASOS = Path(__file__).resolve().parents[1] / "casos" / "importacion"


def caso(nombre: str) -> Path:
    ruta = CASOS / nombre
    if not ruta.exists():
        pytest.fail(f"Falta el caso de prueba {ruta}.")
    return ruta


def importar(ruta: Path, usuario, distrito=None, *, aplicar=False):
    """Sube, valida y, si se pide, aplica un archivo, como lo hacen la vista y el worker."""
    with ruta.open("rb") as flujo:
        importacion = servicios.importacion_crear(
            usuario=usuario, archivo=File(flujo, name=ruta.name), distrito=distrito, encolar=False
        )
    importacion = servicios.importacion_validar(importacion.pk)
    if aplicar:
        servicios.importacion_confirmar(importacion=importacion, usuario=usuario, encolar=False)
        importacion = servicios.importacion_aplicar(importacion.pk)
    return importacion


def errores_por_fila(importacion, *, advertencias=False) -> dict[int, set[str]]:
    resultado: dict[int, set[str]] = {}
    for error in importacion.errores.filter(es_advertencia=advertencias, fila__isnull=False):
        resultado.setdefault(error.fila, set()).add(error.codigo)
    return resultado
