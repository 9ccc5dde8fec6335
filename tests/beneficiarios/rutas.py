from beneficiarios.models import Importacion
from tests.fabricas import BeneficiarioFactory, ImportacionFactory
from tests.plataforma.rutas import A, I, S, Ruta

MIRAFLORES = "150122"

RUTAS = [
    Ruta("beneficiarios:lista", frozenset({A, S, I}), requiere_distrito=True),
    Ruta("beneficiarios:exportar", frozenset({A, S}), requiere_distrito=True),
    Ruta("beneficiarios:detalle", frozenset({A, S}), objeto="beneficiario"),
    Ruta("beneficiarios:corregir", frozenset({A, S}), objeto="beneficiario"),
    Ruta("beneficiarios:importaciones", frozenset({A, S})),
    Ruta("beneficiarios:plantilla", frozenset({A, S})),
    Ruta("beneficiarios:importacion", frozenset({A, S}), objeto="importacion"),
    Ruta("beneficiarios:importacion_estado", frozenset({A, S}), objeto="importacion"),
    Ruta("beneficiarios:importacion_rechazadas", frozenset({A, S}), objeto="importacion"),
    Ruta("beneficiarios:importacion_aplicar", frozenset({A, S}), objeto="importacion", metodo="post",
         exito=302, datos=(("conforme", "1"),)),
    Ruta("beneficiarios:importacion_descartar", frozenset({A, S}), objeto="importacion", metodo="post", exito=302),
]

OBJETOS = {
    "beneficiario": lambda autor: BeneficiarioFactory(distrito_id=MIRAFLORES),
    "importacion": lambda autor: ImportacionFactory(
        distrito_id=MIRAFLORES, usuario=autor, estado=Importacion.Estado.LISTO
    ),
}
