"""Respuestas HTTP con las fotos de evidencia, leídas por la API de almacenamiento de Django.

Ninguna foto tiene URL pública: toda descarga pasa por la vista de evidencia,
que revisa rol y distrito antes de llamar a estas funciones.
"""

import io
import logging

from django.http import FileResponse, Http404, HttpResponse
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

# (tipo de contenido, extensión de descarga) según el formato que Pillow reconoce en los
# bytes del archivo, no según su nombre. Lo que no es una de estas imágenes sale como binario.
TIPOS_IMAGEN = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
TIPO_BINARIO = ("application/octet-stream", "bin")

# Lado mayor de la miniatura de la lista, en píxeles.
LADO_MINIATURA = 160

_ERRORES_IMAGEN = (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError)


def respuesta_foto(archivo, *, nombre_base: str):
    """Transmite el archivo guardado tal cual, con cabeceras que impiden ejecutarlo o guardarlo en caché.

    `nombre_base` es el nombre de descarga sin extensión. La extensión sale del formato detectado.
    """
    flujo = _abrir(archivo)
    tipo, extension = _tipo_de_contenido(flujo)
    respuesta = FileResponse(flujo, content_type=tipo)
    return _con_cabeceras_de_evidencia(respuesta, f"{nombre_base}.{extension}")


def respuesta_miniatura(archivo, *, nombre_descarga: str, entrega_id: int):
    """Devuelve un JPEG reducido de la foto. Lanza Http404 si el archivo no es una imagen legible."""
    flujo = _abrir(archivo)
    try:
        with flujo, Image.open(flujo) as imagen:
            # `draft` decodifica un JPEG grande a escala reducida, mucho más rápido que entero.
            imagen.draft("RGB", (LADO_MINIATURA * 2, LADO_MINIATURA * 2))
            imagen = ImageOps.exif_transpose(imagen)
            imagen.thumbnail((LADO_MINIATURA, LADO_MINIATURA))
            salida = io.BytesIO()
            imagen.convert("RGB").save(salida, format="JPEG", quality=75)
    except _ERRORES_IMAGEN as error:
        logger.warning("No se pudo reducir la foto de la entrega %s: %s", entrega_id, error)
        raise Http404("La foto no es una imagen legible.") from error

    respuesta = HttpResponse(salida.getvalue(), content_type="image/jpeg")
    return _con_cabeceras_de_evidencia(respuesta, nombre_descarga)


def _abrir(archivo):
    try:
        return archivo.storage.open(archivo.name, "rb")
    except FileNotFoundError as error:
        logger.error("Falta en el almacenamiento el archivo de evidencia %s.", archivo.name)
        raise Http404("El archivo de la foto no está en el almacenamiento.") from error


def _tipo_de_contenido(flujo) -> tuple[str, str]:
    try:
        with Image.open(flujo) as imagen:
            formato = imagen.format
    except _ERRORES_IMAGEN:
        formato = None
    flujo.seek(0)
    return TIPOS_IMAGEN.get(formato, TIPO_BINARIO)


def _con_cabeceras_de_evidencia(respuesta, nombre_descarga: str):
    respuesta["Content-Disposition"] = f'inline; filename="{nombre_descarga}"'
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Cache-Control"] = "private, no-store"
    # Si un archivo no fuera una imagen, el navegador no ejecuta nada de él.
    respuesta["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return respuesta
