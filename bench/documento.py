"""Escritura por secciones de docs/benchmarks.md: cada benchmark reescribe solo la suya."""

from pathlib import Path

RUTA = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
TITULO_DOCUMENTO = "# Benchmarks\n"


def reemplazar_seccion(titulo: str, texto: str, ruta: Path = RUTA) -> Path:
    """Pone `texto` (que empieza con `## {titulo}`) en lugar de esa sección, o lo agrega al final."""
    actual = ruta.read_text() if ruta.exists() else TITULO_DOCUMENTO
    encabezado = f"## {titulo}\n"
    texto = texto.rstrip("\n") + "\n"

    inicio = actual.find(encabezado)
    if inicio == -1:
        nuevo = actual.rstrip("\n") + "\n\n" + texto
    else:
        siguiente = actual.find("\n## ", inicio + len(encabezado))
        resto = actual[siguiente + 1:] if siguiente != -1 else ""
        nuevo = actual[:inicio] + texto + ("\n" + resto if resto else "")

    ruta.parent.mkdir(parents=True, exist_ok=True)
    ruta.write_text(nuevo)
    return ruta
