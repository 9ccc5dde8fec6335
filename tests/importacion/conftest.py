"""Fixtures de las pruebas del motor de importación (sin base de datos).

Los archivos de muestra están en `tests/casos/importacion/`, cada uno con un
problema real de los padrones que suben los funcionarios.
"""

import datetime
from pathlib import Path

import pytest

from beneficiarios.importacion.validacion import ResultadoFila, validar_padron

# Copia versionada de los casos de importación (archivos reales con sus problemas típicos).
CASOS = Path(__file__).resolve().parents[1] / "casos" / "importacion"

# Fecha de corte de los casos de muestra: «46500» (23/04/2027) es futura respecto de ella.
HOY = datetime.date(2026, 12, 1)

# Distritos que usan los casos de muestra (el catálogo real viene de la base de datos).
UBIGEOS = frozenset({"150132", "150103", "150135", "040101", "080101", "010101", "130101", "200101"})


@pytest.fixture
def caso():
    """Devuelve la ruta de un archivo de muestra; falla si no está."""

    def ruta(nombre: str) -> Path:
        archivo = CASOS / nombre
        if not archivo.exists():
            pytest.fail(f"Falta el archivo de muestra {archivo}.")
        return archivo

    return ruta


@pytest.fixture
def importar():
    """Valida un archivo como lo haría el administrador nacional y devuelve {fila: ResultadoFila}."""

    def validar(origen, **opciones) -> dict[int, ResultadoFila]:
        opciones.setdefault("ubigeos_validos", UBIGEOS)
        opciones.setdefault("hoy", HOY)
        resultado = validar_padron(origen, **opciones)
        return {fila.fila: fila for fila in resultado.validas + resultado.rechazadas}

    return validar


def valores_en_orden(resultado: ResultadoFila) -> tuple:
    """Valores limpios de una fila en el orden de las columnas del padrón."""
    orden = (
        "tipo_documento", "numero_documento", "apellido_paterno", "apellido_materno", "nombres",
        "fecha_nacimiento", "sexo", "telefono", "direccion", "ubigeo", "miembros_hogar",
    )
    return tuple(resultado.valores[nombre] for nombre in orden)


def codigos(resultado: ResultadoFila) -> list[str]:
    return [error.codigo for error in resultado.errores]


def codigos_advertencia(resultado: ResultadoFila) -> list[str]:
    return [advertencia.codigo for advertencia in resultado.advertencias]
