"""Fotos de evidencia de una entrega: revisión con Pillow y guardado en el almacén.

Las fotos no se publican por una URL de media (el almacén no tiene base_url): las
sirve una vista que antes comprueba el rol y el distrito de quien las pide.
"""

import hashlib
import io
import logging
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.formats import number_format
from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

# Una foto de celular de 12 a 50 megapíxeles pesa entre 2 y 6 MB en JPEG.
TAMANO_MAXIMO = 8 * 1024 * 1024
# Formato que Pillow reconoce en el contenido → extensión del archivo guardado.
EXTENSIONES = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CARPETA = "evidencias"


class FotoRechazada(Exception):
    """La foto no se acepta; `codigo` es estable y `mensaje` se muestra al usuario."""

    def __init__(self, codigo: str, mensaje: str):
        super().__init__(mensaje)
        self.codigo = codigo
        self.mensaje = mensaje


@dataclass(frozen=True)
class FotoRevisada:
    contenido: bytes
    formato: str
    sha256: str
    ancho: int
    alto: int

    @property
    def extension(self) -> str:
        return EXTENSIONES[self.formato]


def evidencia_revisar(archivo) -> FotoRevisada:
    """Comprueba que el archivo sea una foto JPEG, PNG o WEBP legible y no desmesurada.

    El tipo se decide por el contenido, nunca por el nombre ni por el Content-Type
    que manda el navegador. Lanza `FotoRechazada` con un mensaje en español.
    """
    contenido = _leer(archivo)

    try:
        # `open` solo lee la cabecera: la cantidad de píxeles se revisa antes de decodificar.
        with Image.open(io.BytesIO(contenido)) as imagen:
            formato = imagen.format
            ancho, alto = imagen.size
            if formato not in EXTENSIONES:
                raise FotoRechazada(
                    "foto-formato", f"La foto está en formato {formato}; se aceptan JPEG, PNG o WEBP."
                )
            # Pillow solo avisa entre 1 y 2 veces MAX_IMAGE_PIXELS; aquí se rechaza.
            if ancho * alto > Image.MAX_IMAGE_PIXELS:
                raise _demasiados_pixeles(ancho, alto)
            imagen.verify()

        # `verify` deja la imagen inutilizable; se abre otra vez para decodificarla entera.
        with Image.open(io.BytesIO(contenido)) as imagen:
            imagen.load()
    except Image.DecompressionBombError:
        # Más del doble de MAX_IMAGE_PIXELS: Pillow lo rechaza ya al leer la cabecera.
        raise _demasiados_pixeles() from None
    except UnidentifiedImageError:
        raise FotoRechazada(
            "foto-invalida", "El archivo no es una imagen. Adjunte una foto en JPEG, PNG o WEBP."
        ) from None
    except (OSError, SyntaxError, ValueError) as error:
        # Pillow lanza OSError o SyntaxError con una imagen truncada o dañada.
        logger.info("Foto de evidencia dañada rechazada: %s", error)
        raise FotoRechazada(
            "foto-invalida", "La foto está dañada o incompleta y no se puede abrir. Tómela de nuevo."
        ) from None

    return FotoRevisada(
        contenido=contenido,
        formato=formato,
        sha256=hashlib.sha256(contenido).hexdigest(),
        ancho=ancho,
        alto=alto,
    )


def evidencia_guardar(archivo) -> tuple[str, str]:
    """Revisa la foto y la guarda sin cambios en evidencias/AAAA/MM/ con un nombre generado.

    Devuelve (nombre en el almacén, sha256 del contenido). El nombre del archivo
    que manda el cliente no se usa. Lanza `FotoRechazada` si la foto no sirve.
    """
    foto = evidencia_revisar(archivo)
    ahora = timezone.localtime()
    nombre = f"{CARPETA}/{ahora:%Y/%m}/{uuid.uuid4().hex}.{foto.extension}"

    guardado = default_storage.save(nombre, ContentFile(foto.contenido))
    return guardado, foto.sha256


def evidencia_borrar(nombre: str) -> None:
    """Borra una foto guardada cuya entrega no llegó a registrarse."""
    if not nombre:
        return
    try:
        default_storage.delete(nombre)
    except OSError:
        logger.exception("No se pudo borrar la foto huérfana %s", nombre)


def _leer(archivo) -> bytes:
    if archivo.size is not None and archivo.size > TAMANO_MAXIMO:
        raise _muy_grande(archivo.size)

    archivo.seek(0)
    contenido = archivo.read(TAMANO_MAXIMO + 1)
    if len(contenido) > TAMANO_MAXIMO:
        raise _muy_grande(len(contenido))
    if not contenido:
        raise FotoRechazada("foto-vacia", "El archivo de la foto está vacío (0 bytes). Tome la foto de nuevo.")
    return contenido


def _muy_grande(tamano: int) -> FotoRechazada:
    return FotoRechazada(
        "foto-muy-grande",
        f"La foto pesa {tamano / 1024 / 1024:.1f} MB y el máximo es {TAMANO_MAXIMO // 1024 // 1024} MB. "
        "Tómela con menor resolución.",
    )


def _demasiados_pixeles(ancho: int | None = None, alto: int | None = None) -> FotoRechazada:
    medida = f"La imagen mide {ancho} × {alto} píxeles y supera" if ancho else "La imagen supera"
    return FotoRechazada(
        "foto-demasiados-pixeles",
        f"{medida} el máximo de {number_format(Image.MAX_IMAGE_PIXELS, force_grouping=True)} píxeles. "
        "Adjunte una foto normal de la cámara del celular.",
    )
