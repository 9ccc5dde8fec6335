from tests.conftest import MIRAFLORES, crear_usuario
from tests.plataforma.rutas import A, O, S, Ruta

RUTAS = [
    Ruta("usuarios:lista", frozenset({A, S})),
    Ruta("usuarios:nuevo", frozenset({A, S})),
    Ruta("usuarios:detalle", frozenset({A, S}), objeto="usuario"),
    Ruta("usuarios:editar", frozenset({A, S}), objeto="usuario"),
    Ruta("usuarios:desactivar", frozenset({A, S}), objeto="usuario", metodo="post", exito=302),
    Ruta("usuarios:reactivar", frozenset({A, S}), objeto="usuario", metodo="post", exito=302),
    Ruta("usuarios:enlace_clave", frozenset({A, S}), objeto="usuario", metodo="post", exito=302),
]

OBJETOS = {
    "usuario": lambda autor: crear_usuario("operador.objeto", O, MIRAFLORES),
}
