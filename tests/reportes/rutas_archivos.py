"""Filas del barrido de permisos para los archivos para entes de control (Contraloría e INDECI)."""

import datetime

from django_scopes import scopes_disabled

from canastas.models import Distrito
from reportes.archivos.selectores import Periodo
from reportes.archivos.servicios import archivo_contraloria_solicitar
from tests.conftest import MIRAFLORES
from tests.plataforma.rutas import A, S, Ruta

RUTAS = [
    Ruta("reportes:contraloria", frozenset({A, S})),
    Ruta("reportes:indeci", frozenset({A, S})),
    Ruta("reportes:archivos", frozenset({A, S})),
    Ruta("reportes:archivo", frozenset({A, S}), objeto="archivo_generado"),
    Ruta("reportes:archivo_estado", frozenset({A, S}), objeto="archivo_generado"),
    Ruta("reportes:archivo_descargar", frozenset({A, S}), objeto="archivo_generado"),
]


def _archivo_de_miraflores(autor):
    """Archivo Contraloría de Miraflores ya generado (las pruebas corren las tareas en línea)."""
    with scopes_disabled():
        return archivo_contraloria_solicitar(
            usuario=autor,
            distrito=Distrito.objects.get(codigo=MIRAFLORES),
            fecha_corte=datetime.date(2025, 5, 9),
            periodo=Periodo.ACUMULADO,
        )


OBJETOS = {"archivo_generado": _archivo_de_miraflores}
