"""Archivo Contraloría: hojas BENEFICIARIOS y KITS, corte del viernes, manifiesto y reproducibilidad."""

import datetime
import hashlib
import os

import pytest

from canastas.models import RegistroAccion
from reportes.archivos import selectores
from reportes.archivos.selectores import Periodo
from reportes.models import ArchivoGenerado
from tests.conftest import SURCO
from tests.fabricas import BeneficiarioFactory, EntregaFactory
from tests.reportes.apoyo_archivos import (  # noqa: F401 (fixtures)
    CORTE,
    VIERNES_ANTERIOR,
    almacen_temporal,
    contenido,
    contraloria,
    en_lima,
    filas,
    kit,
    libro_de,
    xml_de_hojas,
)

pytestmark = pytest.mark.django_db

ENCABEZADOS = (
    "UBIGEO", "TIPO DE DOCUMENTO", "NÚMERO DE DOCUMENTO", "APELLIDOS", "NOMBRES", "KIT", "FECHA DE ENTREGA",
    "DIRECCIÓN",
)


@pytest.fixture
def entregas(sub_miraflores, kit):
    """Tres entregas que entran en el corte y cuatro que no."""
    rosa = BeneficiarioFactory(numero_documento="40700001", apellido_paterno="QUISPE", apellido_materno="MAMANI",
                               nombres="ROSA ELENA", direccion="JR. LAS CAMELIAS 120")
    luis = BeneficiarioFactory(numero_documento="40700002", apellido_paterno="HUAMÁN", apellido_materno="",
                               nombres="LUIS", direccion="AV. LARCO 345")
    ana = BeneficiarioFactory(numero_documento="40700003")
    carla = BeneficiarioFactory(numero_documento="40700004")
    comunes = {"operador": sub_miraflores, "tipo_registro": kit}

    # Entran: la del viernes anterior, la del sábado a las 00:00 y la del viernes de corte a las 23:59.
    EntregaFactory(beneficiario=luis, fecha_entrega=en_lima(VIERNES_ANTERIOR, 10), estado="observada",
                   direccion="AV. LARCO 345 DPTO 2", **comunes)
    EntregaFactory(beneficiario=None, tipo_documento="CE", numero_documento="001234567",
                   nombres_receptor="JUAN PÉREZ SOTO", direccion="CALLE LOS PINOS 9", motivo_inclusion="Damnificado",
                   miembros_18_59=1, miembros_60_mas=1, fecha_entrega=en_lima(datetime.date(2025, 5, 3), 0),
                   **comunes)
    EntregaFactory(beneficiario=rosa, fecha_entrega=en_lima(CORTE, 23, 59), miembros_0_5=1, direccion="",
                   **comunes)

    # No entran: anulada, el sábado después del corte a las 00:01, y la de otro distrito.
    EntregaFactory(beneficiario=ana, fecha_entrega=en_lima(CORTE, 12), estado="anulada", **comunes)
    EntregaFactory(beneficiario=carla, fecha_entrega=en_lima(datetime.date(2025, 5, 10), 0, 1), **comunes)
    surco = BeneficiarioFactory(distrito_id=SURCO)
    EntregaFactory(beneficiario=surco, distrito_id=SURCO, fecha_entrega=en_lima(CORTE, 9), **comunes)
    return {"rosa": rosa, "luis": luis}


def test_beneficiarios_fila_por_entrega(sub_miraflores, kit, entregas):
    archivo = contraloria(sub_miraflores)

    hoja = libro_de(archivo)["BENEFICIARIOS"]

    assert filas(hoja) == [
        ENCABEZADOS,
        ("150122", "DNI", "40700002", "HUAMÁN", "LUIS", kit.nombre, datetime.datetime(2025, 5, 2),
         "AV. LARCO 345 DPTO 2"),
        ("150122", "CE", "001234567", None, "JUAN PÉREZ SOTO", kit.nombre, datetime.datetime(2025, 5, 3),
         "CALLE LOS PINOS 9"),
        ("150122", "DNI", "40700001", "QUISPE MAMANI", "ROSA ELENA", kit.nombre, datetime.datetime(2025, 5, 9),
         "JR. LAS CAMELIAS 120"),
    ]


def test_beneficiarios_fechas_dd_mm_aaaa(sub_miraflores, entregas):
    hoja = libro_de(contraloria(sub_miraflores))["BENEFICIARIOS"]

    for fila in range(2, 5):
        assert hoja.cell(row=fila, column=7).number_format == "dd/mm/yyyy"


def test_beneficiarios_documento_es_texto(sub_miraflores, entregas):
    hoja = libro_de(contraloria(sub_miraflores))["BENEFICIARIOS"]

    # Un número de documento con ceros a la izquierda no debe volverse número.
    assert hoja.cell(row=3, column=3).data_type == "s"
    assert hoja.cell(row=3, column=3).value == "001234567"


def test_corte_viernes_2359_entra_sabado_0001_no(sub_miraflores, entregas):
    hoja = libro_de(contraloria(sub_miraflores))["BENEFICIARIOS"]
    documentos = [fila[2] for fila in filas(hoja)[1:]]

    assert "40700001" in documentos  # viernes de corte, 23:59 en Lima
    assert "40700004" not in documentos  # sábado siguiente, 00:01 en Lima


def test_anuladas_y_otro_distrito_no_entran(sub_miraflores, entregas):
    hoja = libro_de(contraloria(sub_miraflores))["BENEFICIARIOS"]
    documentos = [fila[2] for fila in filas(hoja)[1:]]

    assert "40700003" not in documentos
    assert {fila[0] for fila in filas(hoja)[1:]} == {"150122"}


def test_semana_del_corte_de_sabado_a_viernes(sub_miraflores, entregas):
    archivo = contraloria(sub_miraflores, periodo=Periodo.SEMANA)

    documentos = [fila[2] for fila in filas(libro_de(archivo)["BENEFICIARIOS"])[1:]]

    assert documentos == ["001234567", "40700001"]
    assert archivo.parametros["entregas_desde"] == "2025-05-03"
    assert archivo.parametros["entregas_hasta"] == "2025-05-09"


def test_kits_productos_de_kits_entregados(sub_miraflores, kit, entregas):
    hoja = libro_de(contraloria(sub_miraflores))["KITS"]

    assert filas(hoja) == [
        ("KIT", "PRODUCTO", "UNIDAD", "CANTIDAD POR KIT"),
        (kit.nombre, "Arroz", "kg", 5),
        (kit.nombre, "Aceite vegetal", "litro", 1.5),
        (kit.nombre, "Atún en conserva", "lata", 6),
    ]


def test_hojas_en_orden(sub_miraflores, entregas):
    assert libro_de(contraloria(sub_miraflores)).sheetnames == ["BENEFICIARIOS", "KITS"]


def test_formulas_quedan_como_texto(sub_miraflores, kit):
    hogar = BeneficiarioFactory(apellido_paterno='=HYPERLINK("http://ataque.example","clic")',
                                apellido_materno="", nombres="@SUMA(A1)", direccion="+51 AV. ARENALES 1")
    EntregaFactory(operador=sub_miraflores, tipo_registro=kit, beneficiario=hogar, direccion="",
                   fecha_entrega=en_lima(CORTE, 9))
    EntregaFactory(operador=sub_miraflores, tipo_registro=kit, beneficiario=None, tipo_documento="DNI",
                   numero_documento="09999999", nombres_receptor="-2+3", direccion="=1+1",
                   motivo_inclusion="Damnificado", fecha_entrega=en_lima(CORTE, 10))
    archivo = contraloria(sub_miraflores)

    hoja = libro_de(archivo)["BENEFICIARIOS"]

    assert hoja.cell(row=2, column=4).value == '=HYPERLINK("http://ataque.example","clic")'
    assert hoja.cell(row=2, column=4).data_type == "s"
    assert hoja.cell(row=2, column=5).value == "@SUMA(A1)"
    assert hoja.cell(row=2, column=8).value == "+51 AV. ARENALES 1"
    assert hoja.cell(row=3, column=5).value == "-2+3"
    assert hoja.cell(row=3, column=8).value == "=1+1"
    assert hoja.cell(row=3, column=8).data_type == "s"
    assert "<f>" not in xml_de_hojas(archivo)


def test_manifiesto_en_el_archivo(sub_miraflores, kit, entregas):
    archivo = contraloria(sub_miraflores)
    archivo.refresh_from_db()

    assert archivo.estado == ArchivoGenerado.Estado.LISTO
    assert archivo.progreso == 100
    assert archivo.terminado is not None
    assert archivo.filas == 3
    assert archivo.parametros == {
        "distrito": "150122",
        "distrito_nombre": "Miraflores, Lima, Lima",
        "fecha_corte": "2025-05-09",
        "periodo": "acumulado",
        "entregas_desde": None,
        "entregas_hasta": "2025-05-09",
        "zona_horaria": "America/Lima",
        "tipo_registro": None,
        "tipo_registro_nombre": "",
    }
    assert archivo.totales == {
        "hojas": {"BENEFICIARIOS": 3, "KITS": 3},
        "canastas": 3,
        "personas": 7,
        "fuera_de_padron": 1,
        "kits": 1,
    }


def test_sha256_del_contenido_guardado(sub_miraflores, entregas):
    archivo = contraloria(sub_miraflores)

    assert archivo.sha256 == hashlib.sha256(contenido(archivo)).hexdigest()


def test_archivo_guardado_con_permisos_0600(sub_miraflores, entregas, almacen_temporal):
    archivo = contraloria(sub_miraflores)
    archivo.refresh_from_db()
    ruta = almacen_temporal / archivo.archivo.name

    assert archivo.archivo.name.startswith("generados/")
    assert archivo.archivo.name.endswith(".xlsx")
    assert os.stat(ruta).st_mode & 0o777 == 0o600


def test_auditoria_guarda_el_manifiesto(sub_miraflores, entregas):
    archivo = contraloria(sub_miraflores)
    archivo.refresh_from_db()

    registro = RegistroAccion.objects.get(accion=RegistroAccion.Accion.GENERAR)

    assert registro.usuario == sub_miraflores
    assert registro.distrito_id == "150122"
    assert registro.modelo == "reportes.ArchivoGenerado"
    assert registro.objeto_id == str(archivo.pk)
    assert registro.despues["sha256"] == archivo.sha256
    assert registro.despues["filas_por_hoja"] == {"BENEFICIARIOS": 3, "KITS": 3}
    assert registro.despues["totales"] == {"canastas": 3, "personas": 7, "fuera_de_padron": 1, "kits": 1}
    assert registro.despues["filtros"] == archivo.parametros
    assert registro.despues["generado_por"] == "sub.miraflores"
    assert registro.despues["terminado"] == archivo.terminado.isoformat()


def test_mismos_datos_mismo_sha256(sub_miraflores, admin, entregas):
    primero = contraloria(sub_miraflores)
    segundo = contraloria(admin)
    primero.refresh_from_db()
    segundo.refresh_from_db()

    assert segundo.pk != primero.pk
    assert segundo.sha256 == primero.sha256
    assert contenido(segundo) == contenido(primero)
    assert segundo.totales == primero.totales
    assert segundo.archivo.name != primero.archivo.name


def test_datos_nuevos_cambian_el_sha256(sub_miraflores, kit, entregas):
    antes = contraloria(sub_miraflores)
    EntregaFactory(operador=sub_miraflores, tipo_registro=kit, fecha_entrega=en_lima(CORTE, 8))
    despues = contraloria(sub_miraflores)

    assert despues.sha256 != antes.sha256
    assert despues.totales["canastas"] == antes.totales["canastas"] + 1


def test_corte_antes_de_la_primera_entrega_sale_vacio(sub_miraflores, entregas):
    archivo = contraloria(sub_miraflores, fecha_corte=datetime.date(2025, 4, 25))
    libro = libro_de(archivo)

    assert archivo.estado == ArchivoGenerado.Estado.LISTO
    assert filas(libro["BENEFICIARIOS"]) == [ENCABEZADOS]
    assert filas(libro["KITS"]) == [("KIT", "PRODUCTO", "UNIDAD", "CANTIDAD POR KIT")]
    assert archivo.totales["canastas"] == 0


def test_filtro_por_tipo_de_registro(sub_miraflores, kit, entregas):
    from tests.fabricas import TipoRegistroFactory

    otro = TipoRegistroFactory(nombre="Kit de higiene")
    EntregaFactory(operador=sub_miraflores, tipo_registro=otro, fecha_entrega=en_lima(CORTE, 8))

    archivo = contraloria(sub_miraflores, tipo_registro=otro)

    assert archivo.totales["canastas"] == 1
    assert archivo.parametros["tipo_registro_nombre"] == "Kit de higiene"
    assert [fila[5] for fila in filas(libro_de(archivo)["BENEFICIARIOS"])[1:]] == ["Kit de higiene"]


def test_falla_queda_registrada_sin_manifiesto(sub_miraflores, entregas, monkeypatch):
    def fallar(_tipos):
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(selectores, "filas_kits", fallar)

    archivo = contraloria(sub_miraflores)
    archivo.refresh_from_db()

    assert archivo.estado == ArchivoGenerado.Estado.FALLIDO
    assert f"n.º {archivo.pk}" in archivo.mensaje_error
    assert archivo.sha256 == ""
    assert not RegistroAccion.objects.filter(accion=RegistroAccion.Accion.GENERAR).exists()


def test_rango_del_corte_en_hora_de_lima():
    rango = selectores.rango_del_corte(CORTE)

    assert rango.desde is None
    assert rango.hasta == datetime.datetime(2025, 5, 10, 5, 0, tzinfo=datetime.UTC)


def test_ultimo_viernes():
    assert selectores.ultimo_viernes(datetime.date(2025, 5, 9)) == datetime.date(2025, 5, 9)
    assert selectores.ultimo_viernes(datetime.date(2025, 5, 12)) == datetime.date(2025, 5, 9)
    assert selectores.ultimo_viernes(datetime.date(2025, 5, 8)) == datetime.date(2025, 5, 2)
