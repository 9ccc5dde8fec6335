"""Pantallas de la carga masiva de entregas: subir, rechazos en el formulario, vista previa, confirmar y comando."""

import datetime
import io

import openpyxl
import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from beneficiarios.models import Importacion
from entregas.models import Entrega
from tests.conftest import MIRAFLORES
from tests.entregas.test_carga_servicios import ENCABEZADOS, cargar, fila, foto_jpeg, hoja_csv, zip_de
from tests.fabricas import BeneficiarioFactory, TipoRegistroFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def preparado():
    TipoRegistroFactory(codigo="DU033-1", nombre="Canasta DU 033-2020 — 1.ª entrega")
    for numero in ("40150002", "40150003"):
        BeneficiarioFactory(distrito_id=MIRAFLORES, numero_documento=numero)


def subir(cliente, contenido: bytes, *, nombre="entregas.csv", fotos: bytes | None = None, **datos):
    datos["archivo"] = SimpleUploadedFile(nombre, contenido)
    if fotos is not None:
        datos["fotos"] = SimpleUploadedFile("fotos.zip", fotos)
    return cliente.post(reverse("entregas:cargas"), datos)


def csv(*filas) -> bytes:
    return hoja_csv(*filas).read()


def test_subir_lleva_a_la_vista_previa(cliente_de, sub_miraflores, preparado):
    respuesta = subir(cliente_de(sub_miraflores), csv(fila("40150002"), fila("4015000X")))

    importacion = Importacion.objects.get()
    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse("entregas:carga", args=[importacion.pk])
    assert importacion.tipo == Importacion.Tipo.ENTREGAS
    assert importacion.estado == Importacion.Estado.CON_ERRORES  # tareas en línea durante las pruebas

    pagina = cliente_de(sub_miraflores).get(respuesta["Location"]).content.decode()
    assert "E-DNI-FORMATO" in pagina
    assert "Fila 3" in pagina
    assert "Confirmar y registrar 1 entregas" in pagina


@pytest.mark.parametrize(
    "contenido,nombre,texto",
    [
        (b"%PDF-1.4 hola", "entregas.xlsx", "no es una hoja de cálculo"),
        (ENCABEZADOS.encode() + b"\n", "entregas.csv", "ninguna fila con datos"),
        (b"a,b,c\n1,2,3\n", "entregas.csv", "No se encontró la fila de encabezados"),
        (b"", "entregas.csv", "vacío"),
    ],
    ids=["pdf", "solo-encabezado", "sin-encabezado", "vacio"],
)
def test_archivo_rechazado_muestra_el_motivo(cliente_de, sub_miraflores, preparado, contenido, nombre, texto):
    respuesta = subir(cliente_de(sub_miraflores), contenido, nombre=nombre)

    assert respuesta.status_code == 200
    assert texto in respuesta.content.decode()
    assert Importacion.objects.count() == 0


def test_zip_rechazado_muestra_el_motivo(cliente_de, sub_miraflores, preparado):
    respuesta = subir(cliente_de(sub_miraflores), csv(fila()), fotos=b"no es zip")

    assert respuesta.status_code == 200
    assert "no es un ZIP" in respuesta.content.decode()
    assert Importacion.objects.count() == 0


def test_administrador_debe_elegir_distrito(cliente_de, admin, preparado):
    respuesta = subir(cliente_de(admin), csv(fila()))

    assert respuesta.status_code == 200
    assert "Escriba el ubigeo del distrito" in respuesta.content.decode()
    assert Importacion.objects.count() == 0


def test_administrador_con_distrito(cliente_de, admin, preparado):
    respuesta = subir(cliente_de(admin), csv(fila()), distrito=MIRAFLORES)

    assert respuesta.status_code == 302
    assert Importacion.objects.get().distrito_id == MIRAFLORES


def test_confirmar_exige_la_casilla(cliente_de, sub_miraflores, preparado):
    importacion = cargar(sub_miraflores, hoja_csv(fila()))
    cliente = cliente_de(sub_miraflores)

    cliente.post(reverse("entregas:carga_aplicar", args=[importacion.pk]))

    assert Entrega.objects.count() == 0


def test_confirmar_registra(cliente_de, sub_miraflores, preparado):
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002"), fila("40150003")))
    cliente = cliente_de(sub_miraflores)

    respuesta = cliente.post(reverse("entregas:carga_aplicar", args=[importacion.pk]), {"conforme": "1"})

    assert respuesta.status_code == 302
    assert Entrega.objects.count() == 2
    importacion.refresh_from_db()
    assert importacion.estado == Importacion.Estado.APLICADO


def test_descartar(cliente_de, sub_miraflores, preparado):
    importacion = cargar(sub_miraflores, hoja_csv(fila()))

    respuesta = cliente_de(sub_miraflores).post(reverse("entregas:carga_descartar", args=[importacion.pk]))

    assert respuesta["Location"] == reverse("entregas:cargas")
    importacion.refresh_from_db()
    assert importacion.estado == Importacion.Estado.DESCARTADO


def test_carga_de_otro_distrito_no_se_encuentra(cliente_de, sub_surco, sub_miraflores, preparado):
    importacion = cargar(sub_miraflores, hoja_csv(fila()))

    assert cliente_de(sub_surco).get(reverse("entregas:carga", args=[importacion.pk])).status_code == 404


def test_importacion_del_padron_no_se_abre_como_carga(cliente_de, sub_miraflores):
    from tests.fabricas import ImportacionFactory

    padron = ImportacionFactory(usuario=sub_miraflores)

    assert cliente_de(sub_miraflores).get(reverse("entregas:carga", args=[padron.pk])).status_code == 404


def test_lista_solo_muestra_cargas_de_entregas(cliente_de, sub_miraflores, preparado):
    from tests.fabricas import ImportacionFactory

    ImportacionFactory(usuario=sub_miraflores, nombre_archivo="padron-marzo.csv")
    cargar(sub_miraflores, hoja_csv(fila()))

    pagina = cliente_de(sub_miraflores).get(reverse("entregas:cargas")).content.decode()
    assert "entregas.csv" in pagina
    assert "padron-marzo.csv" not in pagina


def test_descarga_de_rechazadas_tiene_columna_de_errores(cliente_de, sub_miraflores, preparado):
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002"), fila("4015000X")))

    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:carga_rechazadas", args=[importacion.pk]))
    libro = openpyxl.load_workbook(io.BytesIO(b"".join(respuesta.streaming_content)))
    filas = list(libro.active.iter_rows(values_only=True))

    assert filas[0][0] == "fila"
    assert filas[0][-1] == "errores"
    assert len(filas) == 2
    assert filas[1][0] == 3
    assert "E-DNI-FORMATO" not in filas[1][-1]  # el mensaje es la frase, no el código
    assert "Fila 3" in filas[1][-1]


def test_plantilla_tiene_instrucciones_y_se_puede_cargar(cliente_de, sub_miraflores, preparado):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:carga_plantilla"))
    contenido = b"".join(respuesta.streaming_content)
    libro = openpyxl.load_workbook(io.BytesIO(contenido))

    assert libro.sheetnames == ["Entregas", "Instrucciones", "Tipos de registro"]
    assert [fila[0] for fila in libro["Tipos de registro"].iter_rows(min_row=2, values_only=True)] == ["DU033-1"]

    # La plantilla con su fila de ejemplo (documento del padrón) pasa la validación.
    importacion = cargar(sub_miraflores, SimpleUploadedFile("plantilla.xlsx", contenido))
    assert importacion.estado != Importacion.Estado.FALLIDO
    assert importacion.total_filas == 1


def test_fecha_como_numero_de_serie_de_excel(sub_miraflores, preparado):
    """Una celda numérica es un número de serie del sistema de fechas 1900 (días desde el 30/12/1899)."""
    hace_un_mes = timezone.localdate() - datetime.timedelta(days=30)
    serial = (hace_un_mes - datetime.date(1899, 12, 30)).days
    salida = io.BytesIO()
    libro = xlsxwriter.Workbook(salida, {"in_memory": True})
    hoja = libro.add_worksheet("Entregas")
    for columna, valor in enumerate(["tipo_documento", "numero_documento", "tipo_registro", "fecha_entrega",
                                     "tipo_entrega", "miembros_18_59"]):
        hoja.write_string(0, columna, valor)
    for columna, valor in enumerate(["DNI", "40150002", "DU033-1"]):
        hoja.write_string(1, columna, valor)
    hoja.write_number(1, 3, serial)
    hoja.write_string(1, 4, "domicilio")
    hoja.write_number(1, 5, 2)
    libro.close()

    importacion = cargar(sub_miraflores, SimpleUploadedFile("e.xlsx", salida.getvalue()), aplicar=True)
    assert importacion.estado == Importacion.Estado.APLICADO, importacion.mensaje
    assert timezone.localtime(Entrega.objects.get().fecha_entrega).date() == hace_un_mes


# --- Comando importar_entregas ---


def test_comando_muestra_conteos_sin_aplicar(sub_miraflores, preparado, tmp_path, capsys):
    ruta = tmp_path / "entregas.csv"
    ruta.write_bytes(csv(fila("40150002"), fila("4015000X")))

    call_command("importar_entregas", str(ruta), "--usuario", sub_miraflores.username)
    salida = capsys.readouterr().out

    assert "por registrar: 1" in salida
    assert "rechazadas: 1" in salida
    assert "E-DNI-FORMATO" in salida
    assert Entrega.objects.count() == 0


def test_comando_aplica_con_fotos(sub_miraflores, preparado, tmp_path, capsys):
    ruta = tmp_path / "entregas.csv"
    ruta.write_bytes(csv(fila("40150002")))
    fotos = tmp_path / "fotos.zip"
    fotos.write_bytes(zip_de({"40150002.jpg": foto_jpeg()}).read())

    call_command(
        "importar_entregas", str(ruta), "--usuario", sub_miraflores.username, "--fotos", str(fotos), "--aplicar"
    )

    assert "Registradas: 1 entregas." in capsys.readouterr().out
    assert Entrega.objects.get().foto_dni_planilla


def test_comando_archivo_rechazado_sale_con_1(sub_miraflores, tmp_path, capsys):
    ruta = tmp_path / "entregas.xlsx"
    ruta.write_bytes(b"%PDF-1.4")

    with pytest.raises(SystemExit) as salida:
        call_command("importar_entregas", str(ruta), "--usuario", sub_miraflores.username)

    assert salida.value.code == 1
    assert "F-NO-HOJA" in capsys.readouterr().err
    assert Importacion.objects.count() == 0


def test_comando_administrador_sin_distrito(admin, tmp_path):
    from django.core.management.base import CommandError

    ruta = tmp_path / "entregas.csv"
    ruta.write_bytes(csv(fila()))

    with pytest.raises(CommandError):
        call_command("importar_entregas", str(ruta))
