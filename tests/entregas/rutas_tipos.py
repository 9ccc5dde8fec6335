from tests.fabricas import TipoRegistroFactory
from tests.plataforma.rutas import A, S, Ruta

MIRAFLORES = "150122"

RUTAS = [
    Ruta("entregas:tipos", frozenset({A, S})),
    Ruta("entregas:tipos_nuevo", frozenset({A, S})),
    Ruta("entregas:tipos_detalle", frozenset({A, S}), objeto="tipo_registro"),
    Ruta("entregas:tipos_editar", frozenset({A, S}), objeto="tipo_registro"),
    Ruta("entregas:tipos_desactivar", frozenset({A, S}), objeto="tipo_registro"),
    Ruta("entregas:tipos_desactivar", frozenset({A, S}), objeto="tipo_registro", metodo="post", exito=302),
    Ruta("entregas:tipos_activar", frozenset({A, S}), objeto="tipo_registro_inactivo"),
    Ruta("entregas:tipos_activar", frozenset({A, S}), objeto="tipo_registro_inactivo", metodo="post", exito=302),
]

OBJETOS = {
    "tipo_registro": lambda autor: TipoRegistroFactory(distrito_id=MIRAFLORES),
    "tipo_registro_inactivo": lambda autor: TipoRegistroFactory(distrito_id=MIRAFLORES, activo=False),
}
