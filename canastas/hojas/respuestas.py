"""Descargas de CSV en flujo: el archivo se escribe mientras se envía."""

from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from typing import Any

from django.http import StreamingHttpResponse
from django_scopes import scope
from django_scopes.state import get_scope

from canastas.hojas.escritor import csv_en_trozos


def respuesta_csv_en_flujo(encabezados: Sequence[str], filas: Iterable[Sequence[Any]], *, nombre: str) -> StreamingHttpResponse:
    """Devuelve un CSV que se genera fila a fila mientras el cliente lo descarga.

    Las filas se leen después de que la vista termina, fuera del alcance que abrió el middleware:
    el generador vuelve a entrar en ese mismo alcance para que una consulta sin filtro falle igual.
    """
    alcance = get_scope()

    def trozos():
        # `scope(**alcance)` repone el alcance tal cual, incluso uno desactivado (`_enabled=False`).
        with scope(**alcance) if alcance else nullcontext():
            yield from csv_en_trozos(encabezados, filas)

    respuesta = StreamingHttpResponse(trozos(), content_type="text/csv; charset=utf-8")
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta
