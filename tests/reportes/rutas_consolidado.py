from tests.plataforma.rutas import A, I, S, Ruta

# Sin `?distrito=` el administrador ve el formulario para elegir distrito (200). Con `distrito=150122`
# el administrador ve Miraflores y los demás roles su propio distrito: el parámetro no les abre otro.
RUTAS = [
    Ruta("reportes:consolidado", frozenset({A, S, I}), requiere_distrito=True),
    Ruta(
        "reportes:consolidado_exportar", frozenset({A, S, I}), requiere_distrito=True,
        datos=(("distrito", "150122"), ("formato", "csv")),
    ),
]
