"""ZIP de fotos de la carga de entregas: bombas de compresión, entradas ajenas e índice por documento."""

import io
import zipfile

import pytest
from PIL import Image

from canastas.hojas.lector import ArchivoRechazado
from entregas.carga.fotos import CLASE_DNI, CLASE_PERSONA, FotoInvalida, LimitesFotos, abrir_fotos

MIB = 1024 * 1024


def jpeg(ancho=40, alto=30) -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (ancho, alto), (10, 120, 40)).save(salida, "JPEG")
    return salida.getvalue()


def zip_bytes(entradas: dict[str, bytes], *, metodo=zipfile.ZIP_DEFLATED) -> bytes:
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", metodo) as archivo:
        for nombre, contenido in entradas.items():
            archivo.writestr(nombre, contenido)
    return salida.getvalue()


def codigo_de_rechazo(datos: bytes, **limites) -> str:
    with pytest.raises(ArchivoRechazado) as rechazo:
        abrir_fotos(datos, limites=LimitesFotos(**limites))
    return rechazo.value.codigo


def test_indice_por_documento_y_clase():
    indice = abrir_fotos(zip_bytes({
        "fotos/40150002.jpg": jpeg(), "40150002-persona.JPG": jpeg(), "40150003_dni.jpeg": jpeg(),
        "40150004 planilla.png": jpeg(),
    }))

    assert indice.buscar("40150002", CLASE_DNI) == ["fotos/40150002.jpg"]
    assert indice.buscar("40150002", CLASE_PERSONA) == ["40150002-persona.JPG"]
    assert indice.buscar("40150003", CLASE_DNI) == ["40150003_dni.jpeg"]
    assert indice.buscar("40150004", CLASE_DNI) == ["40150004 planilla.png"]


def test_fotos_sin_fila_se_listan_una_vez():
    indice = abrir_fotos(zip_bytes({"1234567.jpg": jpeg(), "40150002.jpg": jpeg()}))
    indice.buscar("01234567", CLASE_DNI)

    assert indice.sin_fila() == ["40150002.jpg"]


def test_entradas_ajenas_se_ignoran():
    indice = abrir_fotos(zip_bytes({
        "40150002.jpg": jpeg(), "Thumbs.db": b"x", "__MACOSX/._40150002.jpg": b"x", ".DS_Store": b"x",
        "foto de juan.jpg": jpeg(), "carpeta/": b"",
    }))

    assert [ruta for ruta, _ in indice.ignoradas] == ["Thumbs.db", "foto de juan.jpg"]


def test_foto_valida_se_lee():
    indice = abrir_fotos(zip_bytes({"40150002.jpg": jpeg()}))

    assert indice.revisar("40150002.jpg") == jpeg()


@pytest.mark.parametrize(
    "contenido",
    [b"no es una imagen", jpeg()[:50], b"GIF89a" + b"\x00" * 20],
    ids=["texto", "jpeg-truncado", "gif"],
)
def test_foto_invalida(contenido):
    indice = abrir_fotos(zip_bytes({"40150002.jpg": contenido}))

    with pytest.raises(FotoInvalida):
        indice.revisar("40150002.jpg")


def test_bomba_de_descompresion_de_pillow():
    """Un PNG pequeño en bytes que declara 20 000 × 20 000 píxeles se rechaza sin decodificarlo."""
    salida = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(salida, "PNG")
    indice = abrir_fotos(zip_bytes({"40150002.png": salida.getvalue()}))

    with pytest.raises(FotoInvalida) as error:
        indice.revisar("40150002.png")
    assert "píxeles" in error.value.mensaje


def test_tamano_real_acotado_aunque_el_zip_mienta():
    """El tamaño declarado de la entrada no se usa para leer: se corta en `bytes_foto`."""
    datos = zip_bytes({"40150002.jpg": b"\xff" * (2 * MIB)}, metodo=zipfile.ZIP_STORED)
    indice = abrir_fotos(datos, limites=LimitesFotos(bytes_foto=3 * MIB))
    indice.limites = LimitesFotos(bytes_foto=MIB)

    with pytest.raises(FotoInvalida):
        indice.leer("40150002.jpg")


def test_bomba_zip_por_razon_de_compresion():
    datos = zip_bytes({"40150002.jpg": b"\x00" * (5 * MIB)})

    assert codigo_de_rechazo(datos) == "F-ZIP-GRANDE"


def test_bomba_zip_por_tamano_total():
    datos = zip_bytes({f"{40150000 + n}.jpg": jpeg() for n in range(5)}, metodo=zipfile.ZIP_STORED)

    assert codigo_de_rechazo(datos, bytes_descomprimidos=len(jpeg()) * 3) == "F-ZIP-GRANDE"


def test_demasiadas_entradas():
    datos = zip_bytes({f"{40150000 + n}.jpg": b"x" for n in range(30)})

    assert codigo_de_rechazo(datos, entradas=20) == "F-ZIP-GRANDE"


def test_zip_demasiado_pesado():
    assert codigo_de_rechazo(zip_bytes({"40150002.jpg": jpeg()}), bytes_zip=100) == "F-ZIP-GRANDE"


@pytest.mark.parametrize(
    "datos,codigo",
    [
        (b"", "F-ZIP-VACIO"),
        (b"%PDF-1.4", "F-ZIP-NO-ZIP"),
        (zip_bytes({"40150002.jpg": jpeg()})[:40], "F-ZIP-CORRUPTO"),
        (zip_bytes({"leeme.txt": b"hola"}), "F-ZIP-SIN-FOTOS"),
    ],
    ids=["vacio", "pdf", "truncado", "sin-fotos"],
)
def test_zip_rechazado(datos, codigo):
    assert codigo_de_rechazo(datos) == codigo


def test_zip_cifrado():
    datos = bytearray(zip_bytes({"40150002.jpg": jpeg()}))
    # Bit 0 de las banderas (cifrado) en el encabezado local y en el directorio central.
    datos[6] |= 0x1
    central = datos.rfind(b"PK\x01\x02")
    datos[central + 8] |= 0x1

    assert codigo_de_rechazo(bytes(datos)) == "F-ZIP-CIFRADO"
