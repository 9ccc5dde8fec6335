"""Exportación XLSX de entregas en segundo plano: umbral, mismas filas, acceso, auditoría y fórmulas.

Las pruebas corren las tareas en línea (CANASTAS_TAREAS_INMEDIATAS=1), así que el
archivo ya está listo cuando la vista redirige.
"""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from canastas.models import RegistroAccion
from reportes.archivos.libro import filas_con_avance
from reportes.models import ArchivoGenerado
from tests.entregas.apoyo_captura import usar_almacen_temporal
from tests.fabricas import EntregaFactory, TipoRegistroFactory
from tests.reportes.apoyo_archivos import contraloria
from tests.conftest import MIRAFLORES, SURCO
from entregas.models import Entrega

pytestmark = pytest.mark.django_db

LIMA = datetime.timezone(datetime.timedelta(hours=-5))


@pytest.fixture(autouse=True)
def almacen_temporal(settings, tmp_path):
    usar_almacen_temporal(settings, tmp_path / "archivos")


@pytest.fixture
def umbral_bajo(settings):
    """Toda exportación XLSX de más de 2 filas va a segundo plano."""
    settings.CANASTAS_XLSX_EN_LINEA = 2


@pytest.fixture
def entregas_miraflores(sub_miraflores, operador_miraflores):
    """Cinco entregas de Miraflores con orígenes, estados y fechas distintos, y una con fórmulas."""
    tipo_otro = TipoRegistroFactory(nombre="Canasta segunda entrega")
    return [
        EntregaFactory(operador=sub_miraflores, fecha_entrega=datetime.datetime(2020, 4, 2, 10, tzinfo=LIMA)),
        EntregaFactory(operador=sub_miraflores, fecha_entrega=datetime.datetime(2020, 4, 10, 23, 30, tzinfo=LIMA)),
        EntregaFactory(operador=operador_miraflores, origen=Entrega.Origen.APP,
                       fecha_entrega=datetime.datetime(2020, 4, 11, 9, tzinfo=LIMA)),
        EntregaFactory(operador=sub_miraflores, tipo_registro=tipo_otro, estado=Entrega.Estado.OBSERVADA,
                       fecha_entrega=datetime.datetime(2020, 4, 12, 9, tzinfo=LIMA)),
        EntregaFactory(operador=sub_miraflores, nombres_receptor='=HYPERLINK("http://ejemplo.invalid/x","ver")',
                       direccion="-MZ. B LT. 5", observaciones="@SUMA(A1)",
                       fecha_entrega=datetime.datetime(2020, 4, 13, 8, tzinfo=LIMA)),
    ]


@pytest.fixture
def entrega_de_surco(sub_surco):
    return EntregaFactory(operador=sub_surco, distrito_id=SURCO)


def exportar(cliente, **filtros):
    return cliente.get(reverse("entregas:exportar"), {"formato": "xlsx", **filtros})


def archivo_de(respuesta) -> ArchivoGenerado:
    assert respuesta.status_code == 302
    pk = int(respuesta["Location"].rstrip("/").split("/")[-1])
    return ArchivoGenerado.objects.get(pk=pk)


def bytes_de(respuesta) -> bytes:
    return b"".join(respuesta.streaming_content) if respuesta.streaming else respuesta.content


def filas_xlsx(datos: bytes) -> list[tuple]:
    hoja = openpyxl.load_workbook(io.BytesIO(datos)).active
    return [tuple(celda.value for celda in fila) for fila in hoja.iter_rows()]


def descargar(cliente, archivo):
    return cliente.get(reverse("reportes:archivo_descargar", args=[archivo.pk]))


# --- Umbral ---------------------------------------------------------------------------------------


def test_xlsx_grande_crea_archivo_y_redirige(cliente_de, sub_miraflores, entregas_miraflores, umbral_bajo):
    respuesta = exportar(cliente_de(sub_miraflores))

    archivo = archivo_de(respuesta)
    assert respuesta["Location"] == reverse("reportes:archivo", args=[archivo.pk])
    assert archivo.tipo == ArchivoGenerado.Tipo.ENTREGAS
    assert archivo.estado == ArchivoGenerado.Estado.LISTO
    assert archivo.progreso == 100
    assert archivo.distrito_id == MIRAFLORES
    assert archivo.creado_por == sub_miraflores
    assert archivo.parametros["usuario"] == sub_miraflores.pk
    assert archivo.filas == 5


def test_xlsx_bajo_el_umbral_descarga_directa(cliente_de, sub_miraflores, entregas_miraflores):
    respuesta = exportar(cliente_de(sub_miraflores))

    assert respuesta.status_code == 200
    assert respuesta["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(filas_xlsx(bytes_de(respuesta))) == 6
    assert not ArchivoGenerado.objects.exists()


def test_xlsx_en_el_umbral_descarga_directa(cliente_de, sub_miraflores, entregas_miraflores, settings):
    settings.CANASTAS_XLSX_EN_LINEA = 5

    assert exportar(cliente_de(sub_miraflores)).status_code == 200
    assert not ArchivoGenerado.objects.exists()


def test_csv_nunca_va_a_segundo_plano(cliente_de, sub_miraflores, entregas_miraflores, settings):
    settings.CANASTAS_XLSX_EN_LINEA = 0

    respuesta = exportar(cliente_de(sub_miraflores), formato="csv")

    assert respuesta.status_code == 200
    assert respuesta.streaming
    assert not ArchivoGenerado.objects.exists()


# --- Mismas filas que la descarga directa -----------------------------------------------------------


@pytest.mark.parametrize(
    "filtros",
    [
        {},
        {"origen": "web"},
        {"estado": "observada"},
        {"desde": "2020-04-10", "hasta": "2020-04-12"},
    ],
)
def test_segundo_plano_mismas_filas_que_directa(
    cliente_de, sub_miraflores, entregas_miraflores, entrega_de_surco, settings, filtros
):
    cliente = cliente_de(sub_miraflores)
    settings.CANASTAS_XLSX_EN_LINEA = 1000
    directa = filas_xlsx(bytes_de(exportar(cliente, **filtros)))

    settings.CANASTAS_XLSX_EN_LINEA = 0
    archivo = archivo_de(exportar(cliente, **filtros))
    en_fondo = filas_xlsx(bytes_de(descargar(cliente, archivo)))

    assert en_fondo == directa
    assert archivo.filas == len(directa) - 1


def test_segundo_plano_filtra_por_operador(cliente_de, sub_miraflores, operador_miraflores, entregas_miraflores,
                                           settings):
    settings.CANASTAS_XLSX_EN_LINEA = 0
    cliente = cliente_de(sub_miraflores)

    archivo = archivo_de(exportar(cliente, operador=operador_miraflores.pk))
    filas = filas_xlsx(bytes_de(descargar(cliente, archivo)))

    assert [fila[0] for fila in filas[1:]] == [entregas_miraflores[2].pk]


def test_administrador_en_segundo_plano_ve_todos_los_distritos(cliente_de, admin, entregas_miraflores,
                                                               entrega_de_surco, umbral_bajo):
    cliente = cliente_de(admin)

    archivo = archivo_de(exportar(cliente))
    ubigeos = {fila[1] for fila in filas_xlsx(bytes_de(descargar(cliente, archivo)))[1:]}

    assert archivo.distrito_id is None
    assert ubigeos == {MIRAFLORES, SURCO}


def test_segundo_plano_neutraliza_formulas(cliente_de, sub_miraflores, entregas_miraflores, umbral_bajo):
    cliente = cliente_de(sub_miraflores)
    archivo = archivo_de(exportar(cliente))
    datos = bytes_de(descargar(cliente, archivo))

    with zipfile.ZipFile(io.BytesIO(datos)) as libro:
        hoja_xml = libro.read("xl/worksheets/sheet1.xml").decode()
    hoja = openpyxl.load_workbook(io.BytesIO(datos)).active
    encabezados = [celda.value for celda in hoja[1]]
    receptores = [fila[encabezados.index("nombres_receptor")] for fila in hoja.iter_rows(min_row=2)]
    con_formula = next(celda for celda in receptores if str(celda.value).startswith("="))

    assert "<f>" not in hoja_xml
    assert con_formula.data_type == "s"


def test_filas_con_avance_avisa_cada_bloque(monkeypatch):
    monkeypatch.setattr("reportes.archivos.libro.FILAS_ENTRE_AVISOS", 2)
    avisos = []

    filas = list(filas_con_avance(([n] for n in range(5)), avisos.append))

    assert filas == [[0], [1], [2], [3], [4]]
    assert avisos == [2, 4]


# --- Auditoría y descarga -----------------------------------------------------------------------------


def test_segundo_plano_audita_exportar_una_vez(cliente_de, sub_miraflores, entregas_miraflores, umbral_bajo):
    archivo = archivo_de(exportar(cliente_de(sub_miraflores), origen="web"))

    registro = RegistroAccion.objects.get(accion=RegistroAccion.Accion.EXPORTAR)
    assert "en segundo plano" in registro.detalle
    assert str(archivo.pk) in registro.detalle
    assert registro.despues["filas"] == 4
    assert registro.despues["filtros"]["origen"] == "web"


def test_descarga_auditada_con_cabeceras(cliente_de, sub_miraflores, entregas_miraflores, umbral_bajo):
    cliente = cliente_de(sub_miraflores)
    archivo = archivo_de(exportar(cliente))

    respuesta = descargar(cliente, archivo)

    assert respuesta.status_code == 200
    assert f"entregas_{MIRAFLORES}_" in respuesta["Content-Disposition"]
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert respuesta["Cache-Control"] == "private, no-store"
    assert RegistroAccion.objects.filter(accion=RegistroAccion.Accion.DESCARGAR, objeto_id=str(archivo.pk)).exists()


def test_pagina_del_archivo_muestra_exportacion(cliente_de, sub_miraflores, entregas_miraflores, umbral_bajo):
    cliente = cliente_de(sub_miraflores)
    archivo = archivo_de(exportar(cliente, origen="web"))

    texto = cliente.get(reverse("reportes:archivo", args=[archivo.pk])).content.decode()

    assert "Exportación de entregas" in texto
    assert reverse("reportes:archivo_descargar", args=[archivo.pk]) in texto
    assert f"{reverse('entregas:lista')}?origen=web" in texto


def test_estado_en_json(cliente_de, sub_miraflores, entregas_miraflores, umbral_bajo):
    cliente = cliente_de(sub_miraflores)
    archivo = archivo_de(exportar(cliente))

    datos = cliente.get(reverse("reportes:archivo_estado", args=[archivo.pk])).json()

    assert datos["estado"] == "listo"
    assert datos["porcentaje"] == 100


# --- Acceso ---------------------------------------------------------------------------------------


@pytest.fixture
def exportacion_miraflores(cliente_de, sub_miraflores, entregas_miraflores, umbral_bajo):
    return archivo_de(exportar(cliente_de(sub_miraflores)))


@pytest.mark.parametrize("nombre_url", ["reportes:archivo", "reportes:archivo_estado", "reportes:archivo_descargar"])
def test_otro_distrito_no_encuentra_la_exportacion(cliente_de, sub_surco, exportacion_miraflores, nombre_url):
    respuesta = cliente_de(sub_surco).get(reverse(nombre_url, args=[exportacion_miraflores.pk]))

    assert respuesta.status_code == 404


@pytest.mark.parametrize("nombre_url", ["reportes:archivo", "reportes:archivo_estado", "reportes:archivo_descargar"])
def test_administrador_no_ve_exportacion_ajena(cliente_de, admin, exportacion_miraflores, nombre_url):
    respuesta = cliente_de(admin).get(reverse(nombre_url, args=[exportacion_miraflores.pk]))

    assert respuesta.status_code == 404


def test_subadministrador_no_ve_exportacion_nacional(cliente_de, admin, sub_miraflores, entregas_miraflores,
                                                     umbral_bajo):
    archivo = archivo_de(exportar(cliente_de(admin)))

    respuesta = cliente_de(sub_miraflores).get(reverse("reportes:archivo", args=[archivo.pk]))

    assert respuesta.status_code == 404


def test_lista_muestra_solo_exportaciones_propias(cliente_de, admin, sub_miraflores, exportacion_miraflores):
    propia = cliente_de(sub_miraflores).get(reverse("reportes:archivos"), {"tipo": "entregas"})
    ajena = cliente_de(admin).get(reverse("reportes:archivos"), {"tipo": "entregas"})

    assert [archivo.pk for archivo in propia.context["pagina"]] == [exportacion_miraflores.pk]
    assert list(ajena.context["pagina"]) == []


@pytest.mark.parametrize("nombre_url", ["reportes:archivo", "reportes:archivo_estado", "reportes:archivo_descargar"])
@pytest.mark.parametrize("usuario", ["operador_miraflores", "invitado_miraflores"])
def test_operador_e_invitado_sin_acceso_a_archivos(request, cliente_de, sub_miraflores, exportacion_miraflores,
                                                   nombre_url, usuario):
    de_contraloria = contraloria(sub_miraflores)
    cliente = cliente_de(request.getfixturevalue(usuario))

    for archivo in (de_contraloria, exportacion_miraflores):
        assert cliente.get(reverse(nombre_url, args=[archivo.pk])).status_code == 403


def test_operador_sigue_sin_exportar(cliente_de, operador_miraflores, entregas_miraflores, umbral_bajo):
    assert exportar(cliente_de(operador_miraflores)).status_code == 403
    assert not ArchivoGenerado.objects.exists()


def test_filtro_invalido_no_crea_archivo(cliente_de, sub_miraflores, entregas_miraflores, umbral_bajo):
    respuesta = exportar(cliente_de(sub_miraflores), desde="2020-04-12", hasta="2020-04-01")

    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("entregas:lista"))
    assert not ArchivoGenerado.objects.exists()


def test_ambito_del_distrito_filtrado(cliente_de, admin, entregas_miraflores, umbral_bajo):
    archivo = archivo_de(exportar(cliente_de(admin), distrito=MIRAFLORES))

    assert archivo.parametros["ambito"].startswith("Miraflores")


def test_ambito_sin_filtro_de_distrito(cliente_de, admin, entregas_miraflores, umbral_bajo):
    archivo = archivo_de(exportar(cliente_de(admin)))

    assert archivo.parametros["ambito"] == "Todos los distritos"
