"""ZIP de fotos de una carga de entregas: revisión, índice por documento y lectura.

Cada foto se nombra con el número de documento de la fila. `40150002.jpg` es
la foto del DNI con la planilla firmada y `40150002-persona.jpg` es la foto de
la persona, que solo se guarda si la fila dice que la persona la autorizó.
También se aceptan los sufijos `-dni` y `-planilla` para la primera. Las
carpetas dentro del ZIP no importan.

El ZIP se revisa contra bombas de compresión antes de descomprimir nada, como
hace `canastas.hojas.lector` con los xlsx: cantidad de entradas, tamaño
declarado total, razón de compresión y, al leer cada foto, su tamaño real.
Cada foto se revisa con `entregas.evidencias.evidencia_revisar` (Pillow, con
su límite de píxeles contra bombas de descompresión) antes de aceptarla.
"""

import io
import logging
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import IO

from django.core.files.base import ContentFile

from canastas.hojas.lector import ArchivoRechazado
from entregas.evidencias import TAMANO_MAXIMO, FotoRechazada, evidencia_revisar

logger = logging.getLogger(__name__)

_MIB = 1024 * 1024

EXTENSIONES_FOTO = (".jpg", ".jpeg", ".png", ".webp")
CLASE_DNI = "dni"
CLASE_PERSONA = "persona"

# Nombre sin extensión: el documento y, opcionalmente, un sufijo que dice qué foto es.
_NOMBRE_FOTO = re.compile(r"([0-9A-Za-z]{4,20})(?:[-_ ](dni|planilla|dni-planilla|persona|beneficiario))?", re.I)
_SUFIJO_CLASE = {"persona": CLASE_PERSONA, "beneficiario": CLASE_PERSONA}

# Lo que lanza zipfile ante un ZIP dañado: encabezados, datos comprimidos o CRC.
_ERRORES_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, struct.error)


@dataclass(frozen=True)
class LimitesFotos:
    """Límites que protegen memoria y disco al abrir un ZIP de fotos subido.

    Una foto de celular pesa de 2 a 6 MB en JPEG y casi no se comprime dentro
    del ZIP, así que una razón de compresión alta delata una bomba.
    """

    # NOTE: estimado para unas 100 fotos de celular por carga; súbalo si los distritos cargan más.
    bytes_zip: int = 500 * _MIB
    bytes_descomprimidos: int = 1024 * _MIB
    bytes_foto: int = TAMANO_MAXIMO
    razon_compresion: int = 20
    entradas: int = 20_000


LIMITES_FOTOS = LimitesFotos()


class FotoInvalida(Exception):
    """Una foto del ZIP no se puede usar; `mensaje` es para el usuario."""

    def __init__(self, mensaje: str):
        super().__init__(mensaje)
        self.mensaje = mensaje


@dataclass
class IndiceFotos:
    """Entradas de foto del ZIP agrupadas por (documento, clase).

    `por_clave` lleva (documento en mayúsculas, «dni» o «persona») a las
    rutas de las entradas con ese nombre; más de una ruta es un nombre
    repetido. `ignoradas` son (ruta, motivo) de las entradas que no son fotos
    o no tienen un nombre reconocible.
    """

    archivo: zipfile.ZipFile
    limites: LimitesFotos
    por_clave: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    ignoradas: list[tuple[str, str]] = field(default_factory=list)
    usadas: set[str] = field(default_factory=set)

    def buscar(self, numero_documento: str, clase: str) -> list[str]:
        """Rutas de las fotos de ese documento y clase; las marca como usadas por una fila."""
        rutas = self.por_clave.get((numero_documento.upper(), clase), [])
        self.usadas.update(rutas)
        return rutas

    def sin_fila(self) -> list[str]:
        """Rutas de las fotos que ninguna fila reclamó, sin repetir, en el orden del ZIP."""
        todas = dict.fromkeys(ruta for rutas in self.por_clave.values() for ruta in rutas)
        return [ruta for ruta in todas if ruta not in self.usadas]

    def leer(self, ruta: str) -> bytes:
        """Descomprime una foto sin pasar de `bytes_foto`, aunque el ZIP declare otro tamaño."""
        maximo = self.limites.bytes_foto
        try:
            with self.archivo.open(ruta) as flujo:
                contenido = flujo.read(maximo + 1)
        except _ERRORES_ZIP as error:
            logger.info("Foto dañada dentro del ZIP: %s", error)
            raise FotoInvalida(f"la foto {ruta} está dañada dentro del ZIP. Vuelva a comprimirla.") from None
        except RuntimeError:
            # zipfile lanza RuntimeError cuando la entrada está cifrada.
            raise FotoInvalida(f"la foto {ruta} tiene contraseña dentro del ZIP. Comprímala sin contraseña.") from None
        if len(contenido) > maximo:
            raise FotoInvalida(
                f"la foto {ruta} pesa más de {maximo // _MIB} MB. Guárdela con menor resolución."
            )
        return contenido

    def revisar(self, ruta: str) -> bytes:
        """Lee la foto y la revisa como el registro de entregas (Pillow); devuelve su contenido.

        Usa `evidencia_revisar`, la misma revisión que hará `entrega_registrar`
        al guardar, así una foto aceptada en la vista previa no falla al aplicar.
        """
        contenido = self.leer(ruta)
        try:
            evidencia_revisar(ContentFile(contenido, name=posixpath.basename(ruta)))
        except FotoRechazada as rechazo:
            raise FotoInvalida(f"la foto {ruta} no sirve: {rechazo.mensaje}") from None
        return contenido

    def cerrar(self) -> None:
        self.archivo.close()


def _rechazo(codigo: str, mensaje: str) -> ArchivoRechazado:
    return ArchivoRechazado(codigo, mensaje + " No se cargó ninguna fila.")


def abrir_fotos(origen: bytes | IO[bytes], *, limites: LimitesFotos = LIMITES_FOTOS) -> IndiceFotos:
    """Abre el ZIP de fotos, lo revisa contra bombas de compresión e indexa sus fotos por documento.

    `origen` son los bytes o un archivo binario con posición (como un
    UploadedFile). Lanza `ArchivoRechazado` con F-ZIP-VACIO, F-ZIP-NO-ZIP,
    F-ZIP-CORRUPTO, F-ZIP-CIFRADO, F-ZIP-GRANDE o F-ZIP-SIN-FOTOS.
    """
    flujo = _flujo(origen, limites)
    try:
        archivo = zipfile.ZipFile(flujo)
        entradas = archivo.infolist()
    except _ERRORES_ZIP as error:
        logger.info("ZIP de fotos ilegible: %s", error)
        raise _rechazo(
            "F-ZIP-CORRUPTO", "El archivo de fotos no es un ZIP válido o está dañado. Comprima las fotos de nuevo."
        ) from None

    _revisar_tamanos(entradas, limites)
    indice = IndiceFotos(archivo=archivo, limites=limites)
    for entrada in entradas:
        _indexar(indice, entrada)
    if not indice.por_clave:
        raise _rechazo(
            "F-ZIP-SIN-FOTOS",
            "El ZIP no tiene fotos nombradas con un número de documento (por ejemplo 40150002.jpg). "
            "Renombre las fotos y vuelva a comprimirlas.",
        )
    return indice


def _flujo(origen: bytes | IO[bytes], limites: LimitesFotos) -> IO[bytes]:
    if isinstance(origen, (bytes, bytearray, memoryview)):
        flujo: IO[bytes] = io.BytesIO(bytes(origen))
    else:
        flujo = origen
    flujo.seek(0, io.SEEK_END)
    tamano = flujo.tell()
    flujo.seek(0)
    if tamano == 0:
        raise _rechazo("F-ZIP-VACIO", "El archivo de fotos está vacío (0 bytes). Elija el ZIP correcto.")
    if tamano > limites.bytes_zip:
        raise _rechazo(
            "F-ZIP-GRANDE",
            f"El ZIP de fotos pesa {tamano / _MIB:.0f} MB y el máximo es {limites.bytes_zip // _MIB} MB. "
            "Divida las fotos en varias cargas.",
        )
    if flujo.read(4) not in (b"PK\x03\x04", b"PK\x05\x06"):
        raise _rechazo("F-ZIP-NO-ZIP", "El archivo de fotos no es un ZIP. Comprima las fotos en un archivo .zip.")
    flujo.seek(0)
    return flujo


def _revisar_tamanos(entradas: list[zipfile.ZipInfo], limites: LimitesFotos) -> None:
    if len(entradas) > limites.entradas:
        raise _rechazo(
            "F-ZIP-GRANDE", f"El ZIP tiene {len(entradas)} archivos y el máximo es {limites.entradas}."
        )
    total = 0
    for entrada in entradas:
        if entrada.flag_bits & 0x1:
            raise _rechazo("F-ZIP-CIFRADO", "El ZIP de fotos tiene contraseña. Comprímalo de nuevo sin contraseña.")
        total += entrada.file_size
        comprimido = max(entrada.compress_size, 1)
        if entrada.file_size > _MIB and entrada.file_size > limites.razon_compresion * comprimido:
            raise _rechazo(
                "F-ZIP-GRANDE",
                f"La entrada {entrada.filename} del ZIP se expande {entrada.file_size // comprimido} veces; "
                "una foto no se comprime así. Revise el archivo.",
            )
    if total > limites.bytes_descomprimidos:
        raise _rechazo(
            "F-ZIP-GRANDE",
            f"El ZIP descomprimido ocupa {total // _MIB} MB y el máximo es {limites.bytes_descomprimidos // _MIB} MB. "
            "Divida las fotos en varias cargas.",
        )


def _indexar(indice: IndiceFotos, entrada: zipfile.ZipInfo) -> None:
    ruta = entrada.filename
    nombre = posixpath.basename(ruta.replace("\\", "/"))
    # Carpetas y archivos que agregan macOS y Windows al comprimir.
    if entrada.is_dir() or not nombre or nombre.startswith(".") or ruta.startswith("__MACOSX/"):
        return
    base, extension = posixpath.splitext(nombre)
    if extension.lower() not in EXTENSIONES_FOTO:
        indice.ignoradas.append((ruta, "no es una foto .jpg, .png o .webp"))
        return
    coincidencia = _NOMBRE_FOTO.fullmatch(base.strip())
    if coincidencia is None:
        indice.ignoradas.append((ruta, "el nombre no es un número de documento, como 40150002.jpg"))
        return
    if entrada.file_size > indice.limites.bytes_foto:
        indice.ignoradas.append((ruta, f"pesa más de {indice.limites.bytes_foto // _MIB} MB"))
        return

    documento, sufijo = coincidencia.groups()
    clase = _SUFIJO_CLASE.get((sufijo or "").lower(), CLASE_DNI)
    documento = documento.upper()
    indice.por_clave.setdefault((documento, clase), []).append(ruta)
    # Si la foto se nombró con un DNI sin sus ceros iniciales (1234567.jpg), también vale para 01234567.
    if documento.isdigit() and len(documento) < 8:
        indice.por_clave.setdefault((documento.zfill(8), clase), []).append(ruta)
