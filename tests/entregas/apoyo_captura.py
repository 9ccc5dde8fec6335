"""Ayudas de las pruebas de captura: fotos hechas con Pillow, datos de entrega y almacén temporal."""

import io
import struct
import uuid
import zlib
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from entregas.servicios import DatosEntrega


def bytes_jpeg(ancho: int = 64, alto: int = 48) -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (ancho, alto), (200, 120, 40)).save(salida, format="JPEG", quality=80)
    return salida.getvalue()


def foto_jpeg(nombre: str = "dni_planilla.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, bytes_jpeg(), content_type="image/jpeg")


def texto_como_jpg() -> SimpleUploadedFile:
    return SimpleUploadedFile("foto.jpg", b"esto es texto, no una foto\n" * 20, content_type="image/jpeg")


def bytes_png_bomba(lado: int = 20_000) -> bytes:
    """PNG válido de `lado` × `lado` píxeles en escala de grises de 1 bit, casi todo ceros.

    Pesa unas decenas de KB y tiene 400 millones de píxeles: más
    del doble de `Image.MAX_IMAGE_PIXELS`, así que Pillow lo rechaza al leer la cabecera.
    """
    def bloque(tipo: bytes, datos: bytes) -> bytes:
        return struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos))

    cabecera = struct.pack(">IIBBBBB", lado, lado, 1, 0, 0, 0, 0)
    fila = bytes(1 + lado // 8)  # byte de filtro + 1 bit por píxel
    compresor = zlib.compressobj(9)
    comprimido = b"".join(compresor.compress(fila) for _ in range(lado)) + compresor.flush()
    return b"\x89PNG\r\n\x1a\n" + bloque(b"IHDR", cabecera) + bloque(b"IDAT", comprimido) + bloque(b"IEND", b"")


def datos_entrega(**cambios) -> DatosEntrega:
    valores = {
        "uuid_cliente": uuid.uuid4(),
        "tipo_documento": "DNI",
        "numero_documento": "04070004",
        "fecha_entrega": timezone.now() - timedelta(minutes=5),
        "tipo_entrega": "domicilio",
        "nombres_receptor": "ROSA QUISPE MAMANI",
        "direccion": "JR. LAS CAMELIAS 120",
        "telefono": "987654321",
        "miembros_18_59": 2,
        "miembros_0_5": 1,
        "latitud": -12.121,
        "longitud": -77.03,
        "precision_m": 12,
    }
    valores.update(cambios)
    return DatosEntrega(**valores)


def usar_almacen_temporal(settings, carpeta) -> None:
    """Guarda los archivos de la prueba en `carpeta` y no en la carpeta de datos del proyecto."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(carpeta), "base_url": None},
        },
    }


def archivos_en(carpeta) -> list:
    return sorted(ruta for ruta in carpeta.rglob("*") if ruta.is_file())
