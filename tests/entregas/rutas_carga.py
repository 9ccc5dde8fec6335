"""Filas del barrido de permisos para la carga masiva de entregas (solo administrador y subadministrador)."""

from beneficiarios.models import Importacion
from tests.conftest import MIRAFLORES
from tests.fabricas import ImportacionFactory
from tests.plataforma.rutas import A, S, Ruta

RUTAS = [
    Ruta("entregas:cargas", frozenset({A, S})),
    Ruta("entregas:carga_plantilla", frozenset({A, S})),
    Ruta("entregas:carga", frozenset({A, S}), objeto="carga_entregas"),
    Ruta("entregas:carga_estado", frozenset({A, S}), objeto="carga_entregas"),
    Ruta("entregas:carga_rechazadas", frozenset({A, S}), objeto="carga_entregas"),
    Ruta("entregas:carga_aplicar", frozenset({A, S}), objeto="carga_entregas", metodo="post", exito=302,
         datos=(("conforme", "1"),)),
    Ruta("entregas:carga_descartar", frozenset({A, S}), objeto="carga_entregas", metodo="post", exito=302),
]

OBJETOS = {
    "carga_entregas": lambda autor: ImportacionFactory(
        tipo=Importacion.Tipo.ENTREGAS, distrito_id=MIRAFLORES, usuario=autor, estado=Importacion.Estado.LISTO,
        nombre_archivo="entregas.csv",
    ),
}
