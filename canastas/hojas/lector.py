"""Lectura de hojas de cálculo subidas por los usuarios: xlsx, xls, ods y csv.

El tipo se decide por el contenido (bytes mágicos), nunca por la extensión. Los
libros de Excel y OpenDocument se leen con python-calamine; el CSV, con el
módulo csv de la biblioteca estándar. `leer_hoja` elige la hoja de datos,
encuentra la fila de encabezados con el reconocedor que le da quien llama y
devuelve una `Hoja` que recorre las filas de datos bajo demanda.

Todo archivo que no se puede leer termina en `ArchivoRechazado`, con un código
F-… y un mensaje para el usuario. Los errores de zipfile, de calamine y de
decodificación se convierten en esa excepción y no salen de este módulo.
"""

import codecs
import csv
import io
import logging
import os
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any
from xml.etree import ElementTree

from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

logger = logging.getLogger(__name__)

FORMATO_XLSX = "xlsx"
FORMATO_XLS = "xls"
FORMATO_ODS = "ods"
FORMATO_CSV = "csv"

# Filas en las que se busca el encabezado: deja lugar para títulos, logos y notas.
FILAS_BUSQUEDA_ENCABEZADO = 30

_MIB = 1024 * 1024

# Lo que lanza zipfile ante un ZIP dañado: encabezados, datos comprimidos o CRC.
_ERRORES_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, struct.error)


@dataclass(frozen=True)
class Limites:
    """Límites de tamaño que protegen memoria y tiempo al leer un archivo subido.

    `celdas` acota el rango rectangular que calamine arma en memoria, de unos 32
    bytes por celda (medido con python-calamine 0.9). Sin ese límite, una sola
    celda con valor en XFD1048576 pediría 550 GB y abortaría el proceso.
    `filas` cuenta solo filas de datos no vacías.
    """

    bytes_archivo: int = 30 * _MIB
    bytes_descomprimidos: int = 600 * _MIB
    razon_compresion: int = 250
    miembros_zip: int = 10_000
    celdas: int = 16_000_000
    # NOTE: estimado; un distrito grande de Lima tiene del orden de 300 000 hogares.
    filas: int = 300_000


LIMITES = Limites()


class ArchivoRechazado(Exception):
    """Archivo rechazado entero, con un código F-… y un mensaje para el usuario."""

    def __init__(self, codigo: str, mensaje: str):
        super().__init__(mensaje)
        self.codigo = codigo
        self.mensaje = mensaje

    def __str__(self) -> str:
        return f"{self.codigo}: {self.mensaje}"


EsEncabezado = Callable[[Sequence[Any]], bool]


class Hoja:
    """Hoja de datos elegida en un archivo, con su fila de encabezados ya encontrada.

    `fila_encabezado` y los números que da `filas()` son los números de fila de
    la hoja (desde 1), los mismos que ve el usuario en Excel. En un CSV, cada
    registro cuenta como una fila aunque un campo entre comillas tenga saltos
    de línea. `primera_columna` es el índice (desde 0) de la columna de la
    hoja que corresponde al primer valor de cada fila: calamine omite las
    columnas vacías de la izquierda. `filas_estimadas` es una cota superior de
    las filas de datos (incluye filas vacías) que sirve para mostrar avance.
    """

    def __init__(
        self,
        *,
        formato: str,
        nombre: str,
        fila_encabezado: int,
        encabezados: list[Any],
        epoca_1904: bool,
        filas_estimadas: int,
        filas_crudas: Callable[[], Iterator[list[Any]]],
        limites: Limites,
        primera_columna: int = 0,
    ):
        self.formato = formato
        self.nombre = nombre
        self.fila_encabezado = fila_encabezado
        self.encabezados = encabezados
        self.epoca_1904 = epoca_1904
        self.primera_columna = primera_columna
        self.filas_estimadas = filas_estimadas
        self._filas_crudas = filas_crudas
        self._limites = limites

    def __repr__(self) -> str:
        return f"<Hoja {self.formato} {self.nombre!r} encabezado en la fila {self.fila_encabezado}>"

    def filas(self) -> Iterator[tuple[int, list[Any]]]:
        """Recorre las filas de datos como (número de fila, valores), sin las filas vacías.

        Una fila es vacía si todas sus celdas quedan vacías tras quitar espacios
        Unicode y caracteres de ancho cero. Puede estar en cualquier lugar y no
        corta la lectura. Cada fila trae al menos tantos valores como
        encabezados. Lanza `ArchivoRechazado` (F-DEMASIADO-GRANDE) al pasar
        `Limites.filas` filas con datos.
        """
        ancho = len(self.encabezados)
        maximo = self._limites.filas
        numero = self.fila_encabezado
        contadas = 0
        for valores in self._filas_crudas():
            numero += 1
            if _fila_vacia(valores):
                continue
            contadas += 1
            if contadas > maximo:
                raise ArchivoRechazado(
                    "F-DEMASIADO-GRANDE",
                    f"El archivo tiene más de {_miles(maximo)} filas con datos y ese es el máximo por carga. "
                    "Divídalo en varios archivos y súbalos por separado.",
                )
            if len(valores) < ancho:
                valores = valores + [""] * (ancho - len(valores))
            yield numero, valores


_ANCHO_CERO = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"))


def letra_columna(indice: int) -> str:
    """Devuelve la letra de columna de Excel de un índice desde 0 (0 → A, 26 → AA)."""
    letras = ""
    indice += 1
    while indice:
        indice, resto = divmod(indice - 1, 26)
        letras = chr(65 + resto) + letras
    return letras


def _miles(numero: int) -> str:
    """Número con espacio como separador de miles (300 000), como se escribe en el Perú."""
    return f"{numero:,}".replace(",", " ")


def _fila_vacia(valores: list[Any]) -> bool:
    # La primera celda con texto suele decidir: el costo por fila es mínimo.
    for valor in valores:
        if valor is None or valor == "":
            continue
        if valor.__class__ is not str:
            return False
        if valor.isascii():
            if not valor.isspace():
                return False
        elif valor.translate(_ANCHO_CERO).strip():
            return False
    return True


def leer_hoja(
    origen: bytes | str | os.PathLike | IO[bytes],
    *,
    es_encabezado: EsEncabezado,
    encabezados_esperados: Sequence[str],
    limites: Limites = LIMITES,
) -> Hoja:
    """Abre un archivo subido y devuelve la hoja de datos con su fila de encabezados.

    `origen` es el contenido en bytes, una ruta o un archivo binario abierto,
    como un UploadedFile de Django, que se lee entero y vuelve a su posición.
    `es_encabezado` recibe los valores de una fila y dice si es la fila de
    encabezados. Se prueba en las primeras `FILAS_BUSQUEDA_ENCABEZADO` filas
    de cada hoja visible, en orden, y gana la primera que coincide.
    `encabezados_esperados` solo se usa en el mensaje de F-ENCABEZADO.

    Lanza `ArchivoRechazado` con F-VACIO, F-NO-HOJA, F-CORRUPTO, F-CIFRADO,
    F-DEMASIADO-GRANDE, F-ENCABEZADO o F-SIN-FILAS.
    """
    datos = _leer_bytes(origen, limites)
    formato = _detectar_formato(datos)
    if formato == FORMATO_CSV:
        hoja = _abrir_csv(datos, es_encabezado, encabezados_esperados, limites)
    else:
        hoja = _abrir_libro(datos, formato, es_encabezado, encabezados_esperados, limites)

    if next(hoja.filas(), None) is None:
        raise ArchivoRechazado(
            "F-SIN-FILAS",
            f"El archivo tiene la fila de encabezados (fila {hoja.fila_encabezado}) pero ninguna fila con "
            "datos debajo. Agregue los hogares debajo de los encabezados y vuelva a subirlo.",
        )
    return hoja


def revisar_formato(origen: bytes | str | os.PathLike | IO[bytes], *, limites: Limites = LIMITES) -> str:
    """Revisa solo el tamaño y el tipo por contenido, sin abrir las hojas; devuelve el formato.

    Es la revisión rápida para archivos grandes: lanza F-VACIO, F-DEMASIADO-GRANDE,
    F-NO-HOJA, F-CIFRADO o F-CORRUPTO (ZIP ilegible). Lo demás (hoja, encabezado,
    filas) lo revisa `leer_hoja`.
    """
    return _detectar_formato(_leer_bytes(origen, limites))


# --- Lectura y detección del tipo ---------------------------------------------


def _leer_bytes(origen: bytes | str | os.PathLike | IO[bytes], limites: Limites) -> bytes:
    if isinstance(origen, (bytes, bytearray, memoryview)):
        datos = bytes(origen)
    elif isinstance(origen, (str, os.PathLike)):
        with open(origen, "rb") as archivo:
            datos = archivo.read(limites.bytes_archivo + 1)
    else:
        posicion = origen.tell() if getattr(origen, "seekable", lambda: False)() else None
        if posicion is not None:
            origen.seek(0)
        datos = origen.read(limites.bytes_archivo + 1)
        if posicion is not None:
            origen.seek(posicion)

    if len(datos) > limites.bytes_archivo:
        raise ArchivoRechazado(
            "F-DEMASIADO-GRANDE",
            f"El archivo pesa más de {limites.bytes_archivo // _MIB} MB, el máximo permitido. "
            "Divídalo en varios archivos o guárdelo como .xlsx, que ocupa menos, y vuelva a subirlo.",
        )
    if not datos:
        raise ArchivoRechazado(
            "F-VACIO", "El archivo está vacío (0 bytes). Suba el padrón guardado con sus datos."
        )
    return datos


_MAGICO_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_MAGICO_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTROS_TIPOS = (
    (b"%PDF", "un documento PDF"),
    (b"\x89PNG", "una imagen PNG"),
    (b"\xff\xd8\xff", "una imagen JPEG"),
    (b"GIF8", "una imagen GIF"),
    (b"Rar!", "un archivo comprimido RAR"),
    (b"7z\xbc\xaf", "un archivo comprimido 7z"),
    (b"\x1f\x8b", "un archivo comprimido gzip"),
)
_BOMS_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_FORMATOS_ACEPTADOS = "Excel (.xlsx o .xls), OpenDocument (.ods) o CSV"


def _no_es_hoja(descripcion: str) -> ArchivoRechazado:
    return ArchivoRechazado(
        "F-NO-HOJA",
        f"El archivo no es una hoja de cálculo: parece {descripcion}. "
        f"Suba el padrón como {_FORMATOS_ACEPTADOS}.",
    )


def _detectar_formato(datos: bytes) -> str:
    """Decide el formato por los primeros bytes; lo que no es libro ni binario se lee como CSV."""
    if datos.startswith(_MAGICO_ZIP):
        return _formato_zip(datos)
    if datos.startswith(_MAGICO_OLE):
        return _formato_ole(datos)
    for magico, descripcion in _OTROS_TIPOS:
        if datos.startswith(magico):
            raise _no_es_hoja(descripcion)

    inicio = datos[:4096]
    if b"\x00" in inicio and not inicio.startswith(_BOMS_UTF16):
        raise _no_es_hoja("un archivo binario de otro programa")
    minusculas = inicio.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if minusculas.startswith((b"<!doctype html", b"<html", b"<table")):
        # Algunos sistemas exportan una página web con extensión .xls.
        raise _no_es_hoja("una página web (HTML) con extensión de Excel; ábrala en Excel y guárdela como .xlsx")
    if minusculas.startswith(b"<?xml"):
        raise _no_es_hoja("un archivo XML; si es una hoja «XML de Excel 2003», guárdela como .xlsx")
    return FORMATO_CSV


def _formato_zip(datos: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(datos)) as archivo:
            nombres = set(archivo.namelist())
            if "xl/workbook.xml" in nombres:
                return FORMATO_XLSX
            if "xl/workbook.bin" in nombres:
                raise _no_es_hoja("un libro binario de Excel (.xlsb); guárdelo como .xlsx")
            if "mimetype" in nombres and archivo.getinfo("mimetype").file_size < 200:
                tipo = archivo.read("mimetype").strip()
                if tipo == b"application/vnd.oasis.opendocument.spreadsheet":
                    return FORMATO_ODS
            if "word/document.xml" in nombres:
                raise _no_es_hoja("un documento de Word")
            raise _no_es_hoja("un archivo comprimido ZIP")
    except _ERRORES_ZIP as error:
        logger.info("Archivo ZIP ilegible: %s", error)
        raise _corrupto() from error


def _utf16(nombre: str) -> bytes:
    return nombre.encode("utf-16-le")


def _formato_ole(datos: bytes) -> str:
    """Distingue un .xls de un xlsx cifrado por los nombres de flujo del contenedor OLE.

    Los nombres de las entradas del directorio OLE se guardan en UTF-16LE, así
    que basta buscarlos en los bytes: «EncryptedPackage» es un libro de Office
    2007+ con contraseña, «WordDocument» un documento de Word.
    """
    if _utf16("EncryptedPackage") in datos:
        raise _cifrado()
    if _utf16("WordDocument") in datos:
        raise _no_es_hoja("un documento de Word 97-2003")
    if _utf16("PowerPoint Document") in datos:
        raise _no_es_hoja("una presentación de PowerPoint 97-2003")
    # Con «Workbook» o «Book» es un .xls; sin ningún nombre conocido puede ser
    # un .xls truncado antes de su directorio: calamine decide (o da F-CORRUPTO).
    return FORMATO_XLS


def _corrupto() -> ArchivoRechazado:
    return ArchivoRechazado(
        "F-CORRUPTO",
        "El archivo está dañado o incompleto. Ábralo en Excel o LibreOffice, vuelva a guardarlo y "
        "súbalo otra vez.",
    )


def _cifrado() -> ArchivoRechazado:
    return ArchivoRechazado(
        "F-CIFRADO",
        "El archivo tiene contraseña. Quítela (en Excel: Archivo > Información > Proteger libro > "
        "Cifrar con contraseña, borre la clave), guárdelo y vuelva a subirlo.",
    )


def _demasiado_grande(detalle: str) -> ArchivoRechazado:
    return ArchivoRechazado(
        "F-DEMASIADO-GRANDE",
        f"El archivo es demasiado grande para procesarlo: {detalle}. Borre las filas y columnas sobrantes "
        "(o divida el padrón en varios archivos) y vuelva a subirlo.",
    )


# --- Libros (xlsx, xls, ods) ---------------------------------------------------


def _abrir_libro(
    datos: bytes,
    formato: str,
    es_encabezado: EsEncabezado,
    encabezados_esperados: Sequence[str],
    limites: Limites,
) -> Hoja:
    epoca_1904 = False
    revisar_hoja: Callable[[str], None] = lambda nombre: None
    if formato in (FORMATO_XLSX, FORMATO_ODS):
        archivo_zip = _revisar_zip(datos, limites)
        if formato == FORMATO_XLSX:
            epoca_1904, rutas = _leer_libro_xlsx(archivo_zip)
            revisar_hoja = lambda nombre: _revisar_hoja_xlsx(archivo_zip, rutas.get(nombre), nombre, limites)
        else:
            _revisar_ods(archivo_zip, limites)
    else:
        _revisar_xls(datos, limites)

    with _errores_de_calamine(formato):
        libro = CalamineWorkbook.from_filelike(io.BytesIO(datos))
        with libro:
            visibles, ocultas = _hojas_de_datos(libro)
            for nombre in visibles:
                revisar_hoja(nombre)
                hoja = libro.get_sheet_by_name(nombre)
                for indice, valores in enumerate(islice(hoja.iter_rows(), FILAS_BUSQUEDA_ENCABEZADO)):
                    if es_encabezado(valores):
                        return _hoja_de_libro(hoja, formato, indice + 1, valores, epoca_1904, limites)

    raise _sin_encabezado(encabezados_esperados, visibles, ocultas)


@contextmanager
def _errores_de_calamine(formato: str) -> Iterator[None]:
    """Convierte los errores de calamine en `ArchivoRechazado` (F-CIFRADO o F-CORRUPTO)."""
    try:
        yield
    except PasswordError as error:
        raise _cifrado() from error
    except CalamineError as error:
        logger.info("calamine no pudo leer un archivo %s: %s", formato, error)
        raise _corrupto() from error
    except BaseException as error:
        # python-calamine deja salir los pánicos de Rust como
        # pyo3_runtime.PanicException, que hereda de BaseException y no se puede
        # importar; pasa, por ejemplo, con un .xls truncado.
        if type(error).__name__ != "PanicException":
            raise
        logger.warning("calamine entró en pánico leyendo un archivo %s: %s", formato, error)
        raise _corrupto() from error


def _hojas_de_datos(libro: CalamineWorkbook) -> tuple[list[str], list[str]]:
    visibles, ocultas = [], []
    for metadatos in libro.sheets_metadata:
        if metadatos.typ != SheetTypeEnum.WorkSheet:
            continue
        if metadatos.visible == SheetVisibleEnum.Visible:
            visibles.append(metadatos.name)
        else:
            ocultas.append(metadatos.name)
    return visibles, ocultas


def _hoja_de_libro(hoja, formato: str, fila_encabezado: int, encabezados, epoca_1904: bool, limites) -> Hoja:
    # iter_rows() empieza siempre en la fila 1 de la hoja (incluye las filas
    # vacías de arriba), así que el índice + 1 es el número de fila de Excel.
    ultima_fila = hoja.end[0] + 1 if hoja.end else fila_encabezado
    return Hoja(
        formato=formato,
        nombre=hoja.name,
        fila_encabezado=fila_encabezado,
        encabezados=list(encabezados),
        epoca_1904=epoca_1904,
        filas_estimadas=max(ultima_fila - fila_encabezado, 0),
        filas_crudas=lambda: islice(hoja.iter_rows(), fila_encabezado, None),
        limites=limites,
        primera_columna=hoja.start[1] if hoja.start else 0,
    )


def _sin_encabezado(
    encabezados_esperados: Sequence[str], visibles: Sequence[str], ocultas: Sequence[str]
) -> ArchivoRechazado:
    lugar = "del archivo"
    if visibles:
        lugar = "de las hojas " + ", ".join(f"«{nombre}»" for nombre in visibles)
    nota = ""
    if ocultas:
        nota = " Las hojas ocultas (" + ", ".join(f"«{nombre}»" for nombre in ocultas) + ") no se revisan."
    return ArchivoRechazado(
        "F-ENCABEZADO",
        f"No se encontró la fila de encabezados en las primeras {FILAS_BUSQUEDA_ENCABEZADO} filas {lugar}."
        f"{nota} Escriba en una fila los encabezados esperados ({', '.join(encabezados_esperados)}) "
        "y vuelva a subir el archivo.",
    )


# --- Protecciones para archivos ZIP (xlsx y ods) --------------------------------


def _revisar_zip(datos: bytes, limites: Limites) -> zipfile.ZipFile:
    """Rechaza bombas ZIP antes de que calamine descomprima nada.

    Suma los tamaños descomprimidos declarados y mira la razón de compresión
    de cada miembro grande. Los miembros que no son hojas se descomprimen por
    bloques para comprobar su CRC: así un tamaño declarado falso termina en
    F-CORRUPTO. Las hojas se revisan aparte, al elegirlas.
    """
    try:
        archivo = zipfile.ZipFile(io.BytesIO(datos))
        miembros = archivo.infolist()
    except _ERRORES_ZIP as error:
        raise _corrupto() from error

    if len(miembros) > limites.miembros_zip:
        raise _demasiado_grande(f"contiene {len(miembros)} archivos internos")

    total = 0
    for miembro in miembros:
        if miembro.flag_bits & 0x1:
            raise _cifrado()
        total += miembro.file_size
        comprimido = max(miembro.compress_size, 1)
        if miembro.file_size > _MIB and miembro.file_size > limites.razon_compresion * comprimido:
            raise _demasiado_grande(
                f"la parte interna {miembro.filename} se expande {miembro.file_size // comprimido} veces"
            )
    if total > limites.bytes_descomprimidos:
        raise _demasiado_grande(f"descomprimido ocupa {total // _MIB} MB")

    for miembro in miembros:
        if miembro.file_size > _MIB and not miembro.filename.startswith("xl/worksheets/"):
            _descomprimir_por_bloques(archivo, miembro, lambda bloque: None)
    return archivo


def _descomprimir_por_bloques(archivo: zipfile.ZipFile, miembro: zipfile.ZipInfo, procesar) -> None:
    try:
        with archivo.open(miembro) as flujo:
            while bloque := flujo.read(_MIB):
                procesar(bloque)
    except _ERRORES_ZIP as error:
        logger.info("Miembro ZIP dañado %s: %s", miembro.filename, error)
        raise _corrupto() from error
    except RuntimeError as error:
        # zipfile lanza RuntimeError cuando un miembro está cifrado.
        raise _cifrado() from error


_TAMANO_MAXIMO_XML_LIBRO = 10 * _MIB


def _local(etiqueta: str) -> str:
    return etiqueta.rsplit("}", 1)[-1]


def _leer_libro_xlsx(archivo: zipfile.ZipFile) -> tuple[bool, dict[str, str]]:
    """Lee de xl/workbook.xml el sistema de fechas y la ruta de cada hoja.

    Devuelve (epoca_1904, {nombre de hoja: ruta del XML en el ZIP}). Las
    etiquetas se comparan por nombre local, sin espacio de nombres.
    """
    try:
        libro = _parsear_xml(archivo, "xl/workbook.xml")
        relaciones = _parsear_xml(archivo, "xl/_rels/workbook.xml.rels")
    except ElementTree.ParseError as error:
        raise _corrupto() from error

    epoca_1904 = False
    id_por_hoja = {}
    for elemento in libro.iter():
        etiqueta = _local(elemento.tag)
        if etiqueta == "workbookPr":
            epoca_1904 = elemento.get("date1904", "").lower() in ("1", "true")
        elif etiqueta == "sheet":
            id_relacion = next((v for k, v in elemento.attrib.items() if _local(k) == "id"), None)
            id_por_hoja[elemento.get("name", "")] = id_relacion

    destino_por_id = {}
    if relaciones is not None:
        for relacion in relaciones.iter():
            if _local(relacion.tag) == "Relationship":
                destino_por_id[relacion.get("Id")] = relacion.get("Target", "")

    rutas = {}
    for nombre, id_relacion in id_por_hoja.items():
        destino = destino_por_id.get(id_relacion)
        if destino:
            if destino.startswith("/"):
                rutas[nombre] = destino.lstrip("/")
            else:
                rutas[nombre] = posixpath.normpath(posixpath.join("xl", destino))
    return epoca_1904, rutas


def _parsear_xml(archivo: zipfile.ZipFile, ruta: str) -> ElementTree.Element | None:
    try:
        miembro = archivo.getinfo(ruta)
    except KeyError:
        return None
    if miembro.file_size > _TAMANO_MAXIMO_XML_LIBRO:
        raise _demasiado_grande(f"la parte interna {ruta} ocupa {miembro.file_size // _MIB} MB")
    partes: list[bytes] = []
    _descomprimir_por_bloques(archivo, miembro, partes.append)
    # ElementTree no resuelve entidades externas y el expat que trae Python
    # 3.11 limita la expansión de entidades internas («billion laughs»).
    return ElementTree.fromstring(b"".join(partes))


# Celda con valor: atributo r="B12" en una etiqueta <c> que no se cierra sola.
# Las celdas solo con formato (<c r="A8" s="3"/>) no ocupan lugar en calamine.
# NOTE: solo se mide la forma r="B12" que escriben Excel, LibreOffice y las
# bibliotecas comunes. Un XML armado a mano con r='B12', espacios junto al «=»
# o celdas sin atributo r (calamine las ubica por orden) no se mide.
_CELDA_CON_VALOR = re.compile(rb' r="[A-Z]+(\d+)"[^>]*(?<!/)>')
_CELDA_ANCHA = re.compile(rb' r="([A-Z]{2,})\d+"[^>]*(?<!/)>')
_CELDA_ESTRECHA = re.compile(rb' r="([A-Z])\d+"[^>]*(?<!/)>')

# Última fila (1 048 576) y columna (XFD = 16 384) de una hoja de Excel.
_CIFRAS_FILA_MAXIMA = 7
_LETRAS_COLUMNA_MAXIMA = 3


def _indice_columna(letras: bytes) -> int:
    indice = 0
    for letra in letras:
        indice = indice * 26 + (letra - 64)
    return indice


def _revisar_hoja_xlsx(archivo: zipfile.ZipFile, ruta: str | None, nombre: str, limites: Limites) -> None:
    """Rechaza una hoja cuyo rango de celdas con valor no cabe en `Limites.celdas`.

    Recorre el XML de la hoja por bloques (lo que también comprueba su CRC y su
    tamaño real) y toma la mayor fila y la mayor columna con valor. Si no hay
    columnas de dos letras, el ancho se estima en 26 (A-Z). Solo cuando esa
    estimación pasa el límite se cuenta la columna exacta, en una segunda pasada.
    """
    if ruta is None:
        return
    try:
        miembro = archivo.getinfo(ruta)
    except KeyError:
        return

    maximos = {"fila": 0, "columna": 0}

    def medir(parte: bytes) -> None:
        filas = set(_CELDA_CON_VALOR.findall(parte))
        if filas:
            if max(map(len, filas)) > _CIFRAS_FILA_MAXIMA:
                raise _corrupto()
            maximos["fila"] = max(maximos["fila"], max(map(int, filas)))
        for letras in set(_CELDA_ANCHA.findall(parte)):
            if len(letras) > _LETRAS_COLUMNA_MAXIMA:
                raise _corrupto()
            maximos["columna"] = max(maximos["columna"], _indice_columna(letras))

    _recorrer_etiquetas(archivo, miembro, medir)
    if maximos["fila"] == 0:
        return
    ancho = max(maximos["columna"], 26)
    if maximos["fila"] * ancho > limites.celdas and maximos["columna"] == 0:
        letras_usadas: set[bytes] = set()
        _recorrer_etiquetas(archivo, miembro, lambda parte: letras_usadas.update(_CELDA_ESTRECHA.findall(parte)))
        ancho = max(_indice_columna(letras) for letras in letras_usadas)
    if maximos["fila"] * ancho > limites.celdas:
        ultima_columna = letra_columna(ancho - 1)
        raise _demasiado_grande(
            f"la hoja «{nombre}» tiene datos hasta la fila {maximos['fila']} y la columna {ultima_columna}"
        )



def _recorrer_etiquetas(archivo: zipfile.ZipFile, miembro: zipfile.ZipInfo, procesar) -> None:
    """Descomprime un XML por bloques y pasa a `procesar` trozos cortados antes de un «<»."""
    resto = [b""]

    def cortar(bloque: bytes) -> None:
        texto = resto[0] + bloque
        corte = texto.rfind(b"<")
        if corte <= 0:
            resto[0] = texto
            return
        procesar(texto[:corte])
        resto[0] = texto[corte:]

    _descomprimir_por_bloques(archivo, miembro, cortar)
    if resto[0]:
        procesar(resto[0])


_REPETICION_ODS = re.compile(rb'number-(rows|columns)-repeated="(\d{4,})"')


def _revisar_ods(archivo: zipfile.ZipFile, limites: Limites) -> None:
    """Rechaza un ODS que repite filas o celdas con valor miles de veces.

    LibreOffice guarda las filas vacías del final como una sola fila con
    number-rows-repeated="1048000"; eso es normal. Solo se rechaza la
    repetición de filas o celdas que tienen valor, porque calamine las
    expandiría todas en memoria.
    """
    try:
        miembro = archivo.getinfo("content.xml")
    except KeyError:
        raise _corrupto() from None
    partes: list[bytes] = []
    _descomprimir_por_bloques(archivo, miembro, partes.append)
    contenido = b"".join(partes)

    for coincidencia in _REPETICION_ODS.finditer(contenido):
        veces = int(coincidencia.group(2))
        if coincidencia.group(1) == b"rows":
            # La fila repetida tiene datos si alguna de sus celdas los tiene.
            fin = contenido.find(b"</table:table-row>", coincidencia.end())
            tramo = contenido[coincidencia.end() : fin] if fin >= 0 else contenido[coincidencia.end() :]
            excede = veces > limites.filas
        else:
            # La celda repetida tiene datos si su etiqueta declara un tipo de valor.
            fin = contenido.find(b">", coincidencia.end())
            tramo = contenido[contenido.rfind(b"<", 0, coincidencia.start()) : fin + 1]
            excede = veces > 1024
        if excede and (b"value-type" in tramo or b"<text:p" in tramo):
            raise _demasiado_grande(f"repite una fila o celda con datos {veces} veces")


# --- Protecciones para .xls (contenedor OLE con registros BIFF) ---------------

# Límites del formato BIFF8 (Excel 97-2003): 65 536 filas y 256 columnas.
_FILAS_BIFF8 = 65_536
_COLUMNAS_BIFF8 = 256
_FIN_DE_CADENA_OLE = 0xFFFFFFFA  # desde aquí, los valores de la FAT no son sectores

_DIMENSIONES = 0x0200
_TABLA_DE_TEXTOS = 0x00FC  # SST
# Registros de celda que empiezan con fila (u16) y columna (u16).
_REGISTROS_DE_CELDA = frozenset({0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00BD, 0x00BE})
_REGISTROS_DE_VARIAS_CELDAS = frozenset({0x00BD, 0x00BE})  # MULRK y MULBLANK: la última columna va al final


class _OleDanado(Exception):
    """Contenedor OLE o flujo BIFF con estructura imposible."""


def _revisar_xls(datos: bytes, limites: Limites) -> None:
    """Rechaza un .xls cuyas dimensiones o celdas harían reservar memoria sin límite a calamine.

    calamine (0.37, dentro de python-calamine 0.9) reserva memoria según el
    registro DIMENSIONS y la mayor fila y columna con celda: un solo byte
    dañado ahí pide terabytes y aborta el proceso. Se recorre el flujo
    Workbook antes de abrirlo: dimensiones o celdas fuera de los límites de
    BIFF8 dan F-CORRUPTO, y un rango que no cabe en `Limites.celdas`,
    F-DEMASIADO-GRANDE. Un contenedor que no se puede recorrer también da
    F-CORRUPTO. Uno sin flujo Workbook se deja a calamine.
    """
    try:
        flujo = _flujo_workbook(datos)
    except (_OleDanado, struct.error):
        raise _corrupto() from None
    if flujo is None:
        return

    try:
        filas, columnas = _extension_biff(flujo)
    except (_OleDanado, struct.error):
        raise _corrupto() from None
    if filas * columnas > limites.celdas:
        raise _demasiado_grande(
            f"una hoja tiene datos hasta la fila {filas} y la columna {letra_columna(columnas - 1)}"
        )


def _flujo_workbook(datos: bytes) -> bytes | None:
    """Extrae el flujo «Workbook» (o «Book» de Excel 5/95) de un contenedor OLE (CFB).

    Devuelve None si el contenedor no tiene ese flujo. Lanza `_OleDanado` si
    una cadena de sectores sale del archivo o da vueltas.
    """
    if len(datos) < 512:
        raise _OleDanado
    exponente_sector, exponente_mini = struct.unpack_from("<HH", datos, 0x1E)
    if exponente_sector not in (9, 12) or exponente_mini != 6:
        raise _OleDanado
    tamano_sector = 1 << exponente_sector
    (sectores_fat, primer_sector_directorio, _, corte_mini, primer_sector_minifat, _, primer_sector_difat,
     sectores_difat) = struct.unpack_from("<IIIIIIII", datos, 0x2C)
    total_sectores = len(datos) // tamano_sector

    def sector(numero: int) -> bytes:
        inicio = (numero + 1) * tamano_sector
        if numero >= _FIN_DE_CADENA_OLE or inicio + tamano_sector > len(datos):
            raise _OleDanado
        return datos[inicio : inicio + tamano_sector]

    por_sector = tamano_sector // 4
    difat = list(struct.unpack_from("<109I", datos, 0x4C))
    siguiente = primer_sector_difat
    for _ in range(min(sectores_difat, total_sectores)):
        entradas = struct.unpack(f"<{por_sector}I", sector(siguiente))
        difat.extend(entradas[:-1])
        siguiente = entradas[-1]

    fat: list[int] = []
    for numero in difat[: min(sectores_fat, total_sectores)]:
        fat.extend(struct.unpack(f"<{por_sector}I", sector(numero)))

    def cadena(inicio: int, tabla: list[int]) -> Iterator[int]:
        numero = inicio
        for _ in range(len(tabla) + 1):
            if numero >= _FIN_DE_CADENA_OLE:
                return
            if numero >= len(tabla):
                raise _OleDanado
            yield numero
            numero = tabla[numero]
        raise _OleDanado

    directorio = b"".join(sector(numero) for numero in cadena(primer_sector_directorio, fat))
    entradas = [directorio[inicio : inicio + 128] for inicio in range(0, len(directorio) - 127, 128)]
    if not entradas:
        raise _OleDanado

    for entrada in entradas:
        largo_nombre = struct.unpack_from("<H", entrada, 0x40)[0]
        nombre = entrada[: max(min(largo_nombre, 64) - 2, 0)].decode("utf-16-le", "replace")
        if entrada[0x42] == 2 and nombre in ("Workbook", "Book"):
            inicio, tamano = struct.unpack_from("<II", entrada, 0x74)
            break
    else:
        return None
    if tamano > len(datos):
        raise _OleDanado

    if tamano >= corte_mini:
        return b"".join(sector(numero) for numero in cadena(inicio, fat))[:tamano]

    # Los flujos chicos viven en el «mini flujo» de la entrada raíz, en trozos de 64 bytes.
    minifat: list[int] = []
    for numero in cadena(primer_sector_minifat, fat):
        minifat.extend(struct.unpack(f"<{por_sector}I", sector(numero)))
    raiz_inicio = struct.unpack_from("<I", entradas[0], 0x74)[0]
    mini_flujo = b"".join(sector(numero) for numero in cadena(raiz_inicio, fat))
    partes = []
    for numero in cadena(inicio, minifat):
        if (numero + 1) * 64 > len(mini_flujo):
            raise _OleDanado
        partes.append(mini_flujo[numero * 64 : (numero + 1) * 64])
    return b"".join(partes)[:tamano]


def _extension_biff(flujo: bytes) -> tuple[int, int]:
    """Recorre los registros BIFF y devuelve (filas, columnas) del mayor rango de hoja.

    Lanza `_OleDanado` ante dimensiones o celdas fuera de los límites de BIFF8
    o una tabla de textos que declara más textos de los que caben en el flujo.
    """
    filas = columnas = 0
    posicion = 0
    largo_flujo = len(flujo)
    while posicion + 4 <= largo_flujo:
        tipo, largo = struct.unpack_from("<HH", flujo, posicion)
        cuerpo = posicion + 4
        if tipo in _REGISTROS_DE_CELDA and largo >= 4:
            fila, columna = struct.unpack_from("<HH", flujo, cuerpo)
            if tipo in _REGISTROS_DE_VARIAS_CELDAS and largo >= 6:
                columna = struct.unpack_from("<H", flujo, cuerpo + largo - 2)[0]
            if columna >= _COLUMNAS_BIFF8:
                raise _OleDanado
            filas = max(filas, fila + 1)
            columnas = max(columnas, columna + 1)
        elif tipo == _DIMENSIONES:
            if largo >= 14:
                fila_min, fila_max, columna_min, columna_max = struct.unpack_from("<IIHH", flujo, cuerpo)
            else:
                fila_min, fila_max, columna_min, columna_max = struct.unpack_from("<HHHH", flujo, cuerpo)
            if fila_max > _FILAS_BIFF8 or columna_max > _COLUMNAS_BIFF8 or fila_min > fila_max:
                raise _OleDanado
            filas = max(filas, fila_max)
            columnas = max(columnas, columna_max)
        elif tipo == _TABLA_DE_TEXTOS and largo >= 8:
            # Cada texto ocupa al menos 3 bytes; calamine reserva lugar para todos los declarados.
            _, unicos = struct.unpack_from("<II", flujo, cuerpo)
            if unicos * 3 > largo_flujo:
                raise _OleDanado
        posicion = cuerpo + largo
    return filas, columnas


# --- CSV ----------------------------------------------------------------------

# Se prueba cada separador y gana el que deja ver la fila de encabezados con más
# columnas: así un CSV de Excel en español (con «;») y uno con «,» se leen igual.
_SEPARADORES = (",", ";", "\t")


def _decodificar(datos: bytes) -> str:
    """Decodifica un CSV: UTF-16 con BOM, UTF-8 (con o sin BOM) o Windows-1252."""
    if datos.startswith(_BOMS_UTF16):
        try:
            return datos.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _corrupto() from error
    try:
        return datos.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return datos.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 no define 5 bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D); latin-1 los acepta todos.
        return datos.decode("latin-1")


def _abrir_csv(
    datos: bytes, es_encabezado: EsEncabezado, encabezados_esperados: Sequence[str], limites: Limites
) -> Hoja:
    texto = _decodificar(datos)
    if not texto.strip():
        raise ArchivoRechazado(
            "F-VACIO",
            "El archivo no tiene ningún dato, solo espacios o líneas en blanco. Suba el padrón con sus datos.",
        )

    mejor = None
    for separador in _SEPARADORES:
        lector = csv.reader(io.StringIO(texto, newline=""), delimiter=separador)
        try:
            for indice, valores in enumerate(islice(lector, FILAS_BUSQUEDA_ENCABEZADO)):
                if es_encabezado(valores):
                    llenas = sum(1 for valor in valores if valor.strip())
                    if mejor is None or llenas > mejor[0]:
                        mejor = (llenas, separador, indice, valores)
                    break
        except csv.Error:
            continue
    if mejor is None:
        raise _sin_encabezado(encabezados_esperados, [], [])

    _, separador, indice, encabezados = mejor
    fila_encabezado = indice + 1

    def filas_crudas() -> Iterator[list[str]]:
        lector = csv.reader(io.StringIO(texto, newline=""), delimiter=separador)
        try:
            yield from islice(lector, fila_encabezado, None)
        except csv.Error as error:
            raise ArchivoRechazado(
                "F-CORRUPTO",
                f"El CSV no se puede leer cerca de la fila {lector.line_num}: {error}. Revise las comillas de "
                "esa fila, guárdelo de nuevo y vuelva a subirlo.",
            ) from error

    return Hoja(
        formato=FORMATO_CSV,
        nombre="",
        fila_encabezado=fila_encabezado,
        encabezados=list(encabezados),
        epoca_1904=False,
        filas_estimadas=max(texto.count("\n") + 1 - fila_encabezado, 0),
        filas_crudas=filas_crudas,
        limites=limites,
    )
