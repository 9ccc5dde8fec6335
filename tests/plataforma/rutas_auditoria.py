from tests.plataforma.rutas import A, S, Ruta

RUTAS = [
    Ruta("auditoria:lista", frozenset({A, S})),
    Ruta("auditoria:exportar", frozenset({A, S})),
]
