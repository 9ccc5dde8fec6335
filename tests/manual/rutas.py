from tests.plataforma.rutas import A, I, O, S, Ruta

# El índice y el capítulo propio los lee todo rol; los demás, según canastas.manual.capitulos.
RUTAS = [
    Ruta("manual:inicio", frozenset({A, S, O, I})),
    Ruta("manual:indice", frozenset({A, S, O, I})),
    Ruta("manual:administrador", frozenset({A})),
    Ruta("manual:subadministrador", frozenset({A, S})),
    Ruta("manual:operador", frozenset({A, S, O})),
    Ruta("manual:invitado", frozenset({A, S, I})),
    # La captura del ingreso está en el índice: todo rol la puede ver.
    Ruta("manual:imagen", frozenset({A, S, O, I}), datos=(("archivo", "ingreso.png"),)),
]
