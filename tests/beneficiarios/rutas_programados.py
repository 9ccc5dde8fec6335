from tests.fabricas import BeneficiarioFactory, TipoRegistroFactory
from tests.plataforma.rutas import A, S, Ruta

MIRAFLORES = "150122"


def _programacion(autor):
    from entregas.models import Programacion

    return Programacion.objects.create(
        beneficiario=BeneficiarioFactory(distrito_id=MIRAFLORES),
        tipo_registro=TipoRegistroFactory(),
        distrito_id=MIRAFLORES,
        fecha_programada="2026-04-03",
        creado_por=autor,
    )


RUTAS = [
    Ruta("beneficiarios:programados", frozenset({A, S})),
    Ruta("beneficiarios:programados_nuevo", frozenset({A, S})),
    # Un POST sin datos vuelve a mostrar el formulario con sus errores.
    Ruta("beneficiarios:programados_nuevo", frozenset({A, S}), metodo="post"),
    Ruta("beneficiarios:programados_subir", frozenset({A, S})),
    Ruta("beneficiarios:programados_quitar", frozenset({A, S}), objeto="programacion"),
    Ruta("beneficiarios:programados_quitar", frozenset({A, S}), objeto="programacion", metodo="post", exito=302),
]

OBJETOS = {"programacion": _programacion}
