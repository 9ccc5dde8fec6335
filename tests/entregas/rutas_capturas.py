"""Filas del barrido de permisos para las capturas: lista, ficha, fotos, mapa, exportación y cambios de estado."""

import io

from django.core.files.base import ContentFile
from PIL import Image

from tests.fabricas import EntregaFactory
from tests.plataforma.rutas import A, I, O, S, Ruta

RUTAS = [
    Ruta("entregas:lista", frozenset({A, S, O})),
    Ruta("entregas:consulta", frozenset({I}), requiere_distrito=True),
    Ruta("entregas:mapa", frozenset({A, S, O})),
    Ruta("entregas:mapa_datos", frozenset({A, S, O})),
    Ruta("entregas:exportar", frozenset({A, S})),
    Ruta("entregas:detalle", frozenset({A, S, O}), objeto="captura", solo_propios_operador=True),
    Ruta("entregas:foto", frozenset({A, S, O}), objeto="captura_con_foto", solo_propios_operador=True),
    Ruta("entregas:anular", frozenset({A, S}), objeto="captura", metodo="post", exito=302,
         datos=(("motivo", "Registrada dos veces"),)),
    Ruta("entregas:observar", frozenset({A, S}), objeto="captura", metodo="post", exito=302,
         datos=(("motivo", "La firma no se lee"),)),
]


def foto_jpeg(nombre: str = "dni.jpg", color: str = "navy") -> ContentFile:
    """Foto JPEG pequeña de prueba, lista para asignar a un FileField."""
    salida = io.BytesIO()
    Image.new("RGB", (320, 240), color).save(salida, format="JPEG")
    return ContentFile(salida.getvalue(), name=nombre)


OBJETOS = {
    "captura": lambda autor: EntregaFactory(operador=autor),
    "captura_con_foto": lambda autor: EntregaFactory(operador=autor, foto_dni_planilla=foto_jpeg()),
}
