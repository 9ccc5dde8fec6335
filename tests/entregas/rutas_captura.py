"""Filas del barrido de permisos para la captura web de entregas."""

from tests.conftest import MIRAFLORES
from tests.fabricas import EntregaFactory
from tests.plataforma.rutas import A, O, S, Ruta

RUTAS = [
    # Registran el operador y el subadministrador de un distrito; el administrador no.
    Ruta("entregas:nueva", frozenset({S, O})),
    # La confirmación la ven su autor, el subadministrador del distrito y el administrador.
    Ruta("entregas:captura_hecha", frozenset({A, S, O}), objeto="captura", solo_propios_operador=True),
]

OBJETOS = {
    "captura": lambda autor: EntregaFactory(distrito_id=MIRAFLORES, operador=autor),
}
