from tests.plataforma.rutas import A, I, S, Ruta

# Los códigos territoriales son públicos en los reportes: no hay objeto de otro distrito.
RUTAS = [
    Ruta("reportes:nacional", frozenset({A, S, I})),
    Ruta("reportes:departamento", frozenset({A, S, I}), objeto="departamento"),
    Ruta("reportes:provincia", frozenset({A, S, I}), objeto="provincia"),
    Ruta("reportes:distrito", frozenset({A, S, I}), objeto="distrito"),
    Ruta("reportes:general", frozenset({A, S, I})),
]

OBJETOS = {
    "departamento": lambda autor: "15",
    "provincia": lambda autor: "1501",
    "distrito": lambda autor: "150122",
}
