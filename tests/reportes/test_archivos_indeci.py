"""Archivo INDECI: una fila por distrito con canastas, familias, personas, pendientes, bien y fuente."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from canastas.models import Departamento, Distrito, RegistroAccion
from entregas.models import Programacion
from reportes.models import ArchivoGenerado
from tests.conftest import MIRAFLORES, SURCO
from tests.fabricas import BeneficiarioFactory, EntregaFactory, TipoRegistroFactory
from tests.reportes.apoyo_archivos import (  # noqa: F401 (fixtures)
    CORTE,
    almacen_temporal,
    contenido,
    en_lima,
    filas,
    indeci,
    kit,
    libro_de,
)

pytestmark = pytest.mark.django_db

ENCABEZADOS = (
    "UBIGEO", "DEPARTAMENTO", "PROVINCIA", "DISTRITO", "CANASTAS ENTREGADAS", "FAMILIAS ATENDIDAS",
    "PERSONAS ATENDIDAS", "PENDIENTES", "TIPO DE BIEN", "FUENTE DE FINANCIAMIENTO",
)
FILA_MIRAFLORES = ("150122", "Lima", "Lima", "Miraflores", 3, 2, 7, 3, "Canasta de víveres; Kit de higiene",
                   "Donación; Recursos ordinarios")


def programar(beneficiario, tipo, autor):
    return Programacion.objects.create(
        beneficiario=beneficiario, tipo_registro=tipo, distrito_id=beneficiario.distrito_id,
        fecha_programada=datetime.date(2025, 5, 5), creado_por=autor,
    )


@pytest.fixture
def higiene():
    return TipoRegistroFactory(nombre="Kit de higiene", codigo="HIG-1", tipo_bien="Kit de higiene",
                               fuente_financiamiento="Donación")


@pytest.fixture
def datos(sub_miraflores, kit, higiene):
    """Miraflores: 3 canastas a 2 familias y 7 personas, 3 pendientes. Surco: 1 canasta, 1 pendiente."""
    rosa, luis, ana, pedro = (BeneficiarioFactory() for _ in range(4))
    autor = {"operador": sub_miraflores}

    EntregaFactory(beneficiario=rosa, tipo_registro=kit, miembros_0_5=1, fecha_entrega=en_lima(CORTE, 10), **autor)
    EntregaFactory(beneficiario=rosa, tipo_registro=higiene, fecha_entrega=en_lima(CORTE, 11), **autor)
    EntregaFactory(beneficiario=None, tipo_registro=kit, tipo_documento="CE", numero_documento="001234567",
                   nombres_receptor="JUAN PÉREZ SOTO", direccion="CALLE LOS PINOS 9", motivo_inclusion="Damnificado",
                   miembros_18_59=1, miembros_60_mas=1, fecha_entrega=en_lima(CORTE, 12), estado="observada",
                   **autor)
    EntregaFactory(beneficiario=luis, tipo_registro=kit, estado="anulada", fecha_entrega=en_lima(CORTE, 9), **autor)
    EntregaFactory(beneficiario=ana, tipo_registro=kit, fecha_entrega=en_lima(datetime.date(2025, 5, 10), 0, 1),
                   **autor)
    for hogar in (rosa, luis, ana, pedro):
        programar(hogar, kit, sub_miraflores)
    programar(rosa, higiene, sub_miraflores)

    marta, jorge = BeneficiarioFactory(distrito_id=SURCO), BeneficiarioFactory(distrito_id=SURCO)
    EntregaFactory(beneficiario=marta, distrito_id=SURCO, tipo_registro=kit, fecha_entrega=en_lima(CORTE, 8),
                   **autor)
    programar(marta, kit, sub_miraflores)
    programar(jorge, kit, sub_miraflores)

    arequipa = BeneficiarioFactory(distrito_id="040101")
    EntregaFactory(beneficiario=arequipa, distrito_id="040101", tipo_registro=kit, fecha_entrega=en_lima(CORTE, 8),
                   **autor)


def test_distrito_una_fila_y_total(sub_miraflores, datos):
    archivo = indeci(sub_miraflores, distrito=Distrito.objects.get(codigo=MIRAFLORES))

    assert filas(libro_de(archivo)["INDECI"]) == [
        ENCABEZADOS,
        FILA_MIRAFLORES,
        ("TOTAL", None, None, None, 3, 2, 7, 3, None, None),
    ]


def test_departamento_fila_por_distrito(admin, datos):
    lima = Departamento.objects.get(codigo="15")
    archivo = indeci(admin, departamento=lima)
    todas = filas(libro_de(archivo)["INDECI"])
    por_ubigeo = {fila[0]: fila for fila in todas[1:]}
    cantidad = Distrito.objects.filter(provincia__departamento=lima).count()

    assert len(todas) == 1 + cantidad + 1
    assert por_ubigeo["150122"] == FILA_MIRAFLORES
    assert por_ubigeo["150140"] == ("150140", "Lima", "Lima", "Santiago de Surco", 1, 1, 2, 1,
                                    "Canasta de víveres", "Recursos ordinarios")
    assert por_ubigeo["150101"] == ("150101", "Lima", "Lima", "Lima", 0, 0, 0, 0, None, None)
    assert "040101" not in por_ubigeo
    assert todas[-1] == ("TOTAL", None, None, None, 4, 3, 9, 4, None, None)
    assert [fila[0] for fila in todas[1:-1]] == sorted(fila[0] for fila in todas[1:-1])


def test_departamento_manifiesto(admin, datos):
    lima = Departamento.objects.get(codigo="15")
    archivo = indeci(admin, departamento=lima)
    cantidad = Distrito.objects.filter(provincia__departamento=lima).count()

    assert archivo.estado == ArchivoGenerado.Estado.LISTO
    assert archivo.distrito_id is None
    assert archivo.departamento_id == "15"
    assert archivo.filas == cantidad
    assert archivo.parametros["ambito"] == "departamento"
    assert archivo.parametros["departamento_nombre"] == "Lima"
    assert archivo.parametros["entregas_hasta"] == "2025-05-09"
    assert archivo.totales == {
        "hojas": {"INDECI": cantidad + 1},
        "distritos": cantidad,
        "canastas": 4,
        "familias": 3,
        "personas": 9,
        "pendientes": 4,
    }


def test_departamento_auditoria_sin_distrito(admin, datos):
    archivo = indeci(admin, departamento=Departamento.objects.get(codigo="15"))

    registro = RegistroAccion.objects.get(accion=RegistroAccion.Accion.GENERAR)

    assert registro.distrito_id is None
    assert registro.usuario == admin
    assert registro.despues["sha256"] == archivo.sha256
    assert registro.despues["totales"]["canastas"] == 4


def test_filtro_por_tipo_de_registro(sub_miraflores, datos, higiene):
    archivo = indeci(sub_miraflores, distrito=Distrito.objects.get(codigo=MIRAFLORES), tipo_registro=higiene)

    assert filas(libro_de(archivo)["INDECI"])[1] == (
        "150122", "Lima", "Lima", "Miraflores", 1, 1, 2, 0, "Kit de higiene", "Donación"
    )


def test_corte_anterior_deja_todo_pendiente(sub_miraflores, datos):
    archivo = indeci(sub_miraflores, distrito=Distrito.objects.get(codigo=MIRAFLORES),
                     fecha_corte=datetime.date(2025, 5, 8))

    assert filas(libro_de(archivo)["INDECI"])[1][4:8] == (0, 0, 0, 5)


def test_mismos_datos_mismo_sha256(admin, datos):
    lima = Departamento.objects.get(codigo="15")
    primero = indeci(admin, departamento=lima)
    segundo = indeci(admin, departamento=lima)

    assert segundo.sha256 == primero.sha256
    assert contenido(segundo) == contenido(primero)
    assert segundo.totales == primero.totales


def test_subadministrador_no_pide_departamento(sub_miraflores, datos):
    with pytest.raises(PermissionDenied):
        indeci(sub_miraflores, departamento=Departamento.objects.get(codigo="15"))

    assert ArchivoGenerado.objects.count() == 0


def test_subadministrador_no_pide_otro_distrito(sub_miraflores, datos):
    with pytest.raises(PermissionDenied):
        indeci(sub_miraflores, distrito=Distrito.objects.get(codigo=SURCO))

    assert ArchivoGenerado.objects.count() == 0


def test_cifras_cuadran_con_los_reportes(admin, datos):
    """Con un corte posterior a toda entrega, cada fila del INDECI dice lo mismo que el reporte del distrito."""
    from reportes.cifras import cifras_de

    lima = Departamento.objects.get(codigo="15")
    archivo = indeci(admin, departamento=lima, fecha_corte=datetime.date(2025, 5, 16))
    por_ubigeo = {fila[0]: fila for fila in filas(libro_de(archivo)["INDECI"])[1:-1]}

    for ubigeo in (MIRAFLORES, SURCO):
        cifras = cifras_de(codigo=ubigeo)
        fila = por_ubigeo[ubigeo]
        assert (fila[4], fila[6], fila[7]) == (cifras.entregas, cifras.personas, cifras.pendientes), ubigeo
