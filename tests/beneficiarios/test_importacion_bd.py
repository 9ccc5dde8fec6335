"""Importación del padrón contra PostgreSQL: vista previa, aplicación atómica y duplicados."""

import datetime

import pytest
from django.db import connection

from beneficiarios.importacion import servicios
from beneficiarios.models import Beneficiario, FilaPadron, Importacion
from canastas.models import RegistroAccion
from tests.beneficiarios.conftest import caso, errores_por_fila, importar
from tests.conftest import crear_usuario
from tests.fabricas import BeneficiarioFactory
from usuarios.models import Rol

pytestmark = pytest.mark.django_db


def documentos_en_padron() -> set[str]:
    return set(Beneficiario.objects.values_list("numero_documento", flat=True))


def test_vista_previa_no_escribe_en_padron(admin):
    importacion = importar(caso("17-atomicidad-error-a-mitad.csv"), admin)

    assert importacion.estado == Importacion.Estado.CON_ERRORES
    assert importacion.nuevas == 4
    assert importacion.rechazadas == 2
    assert errores_por_fila(importacion) == {5: {"E-LONGITUD"}, 7: {"E-MIEMBROS"}}
    assert Beneficiario.objects.count() == 0


def test_aplicar_registra_solo_las_validas(admin):
    importacion = importar(caso("17-atomicidad-error-a-mitad.csv"), admin, aplicar=True)

    assert importacion.estado == Importacion.Estado.APLICADO
    assert importacion.insertadas == 4
    assert documentos_en_padron() == {"40170002", "40170003", "40170004", "40170006"}
    assert FilaPadron.objects.filter(importacion=importacion).count() == 0


def test_aplicar_con_falla_de_bd_no_deja_nada(admin):
    """Una falla de la base de datos al escribir la fila 6 deshace también las filas 2, 3 y 4."""
    importacion = importar(caso("17-atomicidad-error-a-mitad.csv"), admin)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION falla_en_40170006() RETURNS trigger AS $$
            BEGIN
              IF NEW.numero_documento = '40170006' THEN RAISE EXCEPTION 'falla inyectada'; END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER falla BEFORE INSERT ON beneficiarios_beneficiario
              FOR EACH ROW EXECUTE FUNCTION falla_en_40170006();
            """
        )

    servicios.importacion_confirmar(importacion=importacion, usuario=admin, encolar=False)
    importacion = servicios.importacion_aplicar(importacion.pk)

    assert Beneficiario.objects.count() == 0
    assert importacion.estado == Importacion.Estado.CON_ERRORES
    assert "No se registró ninguna fila" in importacion.mensaje
    assert FilaPadron.objects.filter(importacion=importacion).count() == 4


def test_mismo_archivo_dos_veces_no_duplica(admin):
    importar(caso("08-csv-utf8-bom.csv"), admin, aplicar=True)
    segunda = importar(caso("08-csv-utf8-bom.csv"), admin)

    assert Beneficiario.objects.count() == 3
    assert segunda.nuevas == 0
    assert segunda.duplicadas == 3
    assert errores_por_fila(segunda) == {2: {"E-DUP-BD"}, 3: {"E-DUP-BD"}, 4: {"E-DUP-BD"}}
    with pytest.raises(servicios.ImportacionNoAplicable):
        servicios.importacion_confirmar(importacion=segunda, usuario=admin, encolar=False)


def test_reaplicar_la_misma_importacion_no_duplica(admin):
    importacion = importar(caso("08-csv-utf8-bom.csv"), admin, aplicar=True)

    with pytest.raises(servicios.ImportacionNoAplicable):
        servicios.importacion_confirmar(importacion=importacion, usuario=admin, encolar=False)
    assert Beneficiario.objects.count() == 3


@pytest.fixture
def padron_previo_16():
    """El contenido de 16-fixture-bd-previa.csv: un hogar de 150132 y otro de 150103."""
    BeneficiarioFactory(
        distrito_id="150132", numero_documento="40160002", apellido_paterno="ARANDA", apellido_materno="VEGA",
        nombres="MARLENI", telefono="987160002", direccion="JR. TUMBES 2", miembros_hogar=3,
    )
    BeneficiarioFactory(
        distrito_id="150103", numero_documento="40160003", apellido_paterno="BERROSPI", apellido_materno="CANO",
        nombres="HUGO", telefono="987160099", direccion="CALLE SECRETA 99", miembros_hogar=2,
    )


def test_duplicados_contra_bd(padron_previo_16):
    sub_sjl = crear_usuario("sub.sjl", Rol.SUBADMINISTRADOR, "150132")
    importacion = importar(caso("16-duplicados-contra-bd.csv"), sub_sjl, aplicar=True)

    assert errores_por_fila(importacion) == {2: {"E-DUP-BD"}, 3: {"E-DUP-OTRA-MUNI"}}
    assert importacion.insertadas == 2
    assert {"40160004", "40160005"} <= documentos_en_padron()


def test_duplicado_de_otra_muni_no_revela_datos(padron_previo_16):
    sub_sjl = crear_usuario("sub.sjl", Rol.SUBADMINISTRADOR, "150132")
    importacion = importar(caso("16-duplicados-contra-bd.csv"), sub_sjl)
    mensaje = importacion.errores.get(fila=3).mensaje

    for dato_ajeno in ["CALLE SECRETA 99", "987160099", "BERROSPI", "CANO", "HUGO", "150103"]:
        assert dato_ajeno not in mensaje


def test_duplicados_contra_bd_segunda_vez(padron_previo_16):
    sub_sjl = crear_usuario("sub.sjl", Rol.SUBADMINISTRADOR, "150132")
    importar(caso("16-duplicados-contra-bd.csv"), sub_sjl, aplicar=True)
    segunda = importar(caso("16-duplicados-contra-bd.csv"), sub_sjl)

    assert segunda.nuevas == 0
    assert errores_por_fila(segunda) == {
        2: {"E-DUP-BD"}, 3: {"E-DUP-OTRA-MUNI"}, 4: {"E-DUP-BD"}, 5: {"E-DUP-BD"},
    }


def test_subadministrador_no_carga_otro_distrito(sub_miraflores):
    importacion = importar(caso("08-csv-utf8-bom.csv"), sub_miraflores)

    assert importacion.nuevas == 0
    assert errores_por_fila(importacion) == {2: {"E-JURISDICCION"}, 3: {"E-JURISDICCION"}, 4: {"E-JURISDICCION"}}


def test_subadministrador_no_elige_otro_distrito(sub_miraflores):
    """Aunque el llamador pase otro distrito, la carga queda en el distrito del subadministrador."""
    from canastas.models import Distrito

    ruta = caso("08-csv-utf8-bom.csv")
    importacion = importar(ruta, sub_miraflores, distrito=Distrito.objects.get(codigo="150132"))

    assert importacion.distrito_id == "150122"


def test_administrador_reparte_filas_por_ubigeo(admin):
    importar(caso("01-dni-ceros-perdidos.xlsx"), admin, aplicar=True)

    distritos = dict(Beneficiario.objects.values_list("numero_documento", "distrito_id"))
    assert distritos == {
        "01234567": "040101", "00456789": "080101", "40010003": "150132", "07654321": "010101",
        "001234567": "150103",
    }


def test_valores_guardados_caso_01(admin):
    importar(caso("01-dni-ceros-perdidos.xlsx"), admin, aplicar=True)
    rosa = Beneficiario.objects.get(numero_documento="01234567")

    assert rosa.fecha_nacimiento == datetime.date(1980, 5, 12)
    assert rosa.telefono == "987010002"
    assert rosa.miembros_hogar == 4
    assert rosa.sexo == "F"
    assert rosa.busqueda == "QUISPE MAMANI ROSA 01234567"


def test_aplicar_queda_en_auditoria(admin):
    importacion = importar(caso("08-csv-utf8-bom.csv"), admin, aplicar=True)
    registro = RegistroAccion.objects.get(accion=RegistroAccion.Accion.IMPORTAR, objeto_id=str(importacion.pk))

    assert registro.usuario == admin
    assert registro.despues["registradas"] == 3


def test_descartar_borra_la_preparacion(admin):
    importacion = importar(caso("08-csv-utf8-bom.csv"), admin)
    servicios.importacion_descartar(importacion=importacion, usuario=admin)

    assert FilaPadron.objects.filter(importacion=importacion).count() == 0
    with pytest.raises(servicios.ImportacionNoAplicable):
        servicios.importacion_confirmar(importacion=importacion, usuario=admin, encolar=False)


def test_validar_dos_veces_no_duplica_errores(admin):
    importacion = importar(caso("17-atomicidad-error-a-mitad.csv"), admin)
    Importacion.objects.filter(pk=importacion.pk).update(estado=Importacion.Estado.VALIDANDO)
    importacion = servicios.importacion_validar(importacion.pk)

    assert importacion.errores.filter(es_advertencia=False).count() == 2
    assert FilaPadron.objects.filter(importacion=importacion).count() == 4


def test_archivo_grande_revisado_al_validar(admin, monkeypatch, tmp_path):
    """Sobre el umbral, el encabezado se revisa al validar y el rechazo queda en la carga."""
    from beneficiarios.importacion import lectura

    monkeypatch.setattr(lectura, "BYTES_INSPECCION_COMPLETA", 10)
    sin_ubigeo = importar(caso("09b-columna-obligatoria-faltante.xlsx"), admin)
    valido = importar(caso("08-csv-utf8-bom.csv"), admin)

    assert sin_ubigeo.estado == Importacion.Estado.FALLIDO
    assert sin_ubigeo.codigo_error == "F-COLUMNA-FALTANTE"
    assert "ubigeo" in sin_ubigeo.mensaje
    assert valido.nuevas == 3
    assert valido.hoja == ""  # un CSV no tiene hojas
    assert valido.fila_encabezado == 1


def test_archivo_grande_pdf_rechazado_al_subir(admin, monkeypatch):
    from beneficiarios.importacion import lectura
    from canastas.hojas.lector import ArchivoRechazado

    monkeypatch.setattr(lectura, "BYTES_INSPECCION_COMPLETA", 10)

    with pytest.raises(ArchivoRechazado) as rechazo:
        importar(caso("26-no-es-hoja-pdf.xlsx"), admin)

    assert rechazo.value.codigo == "F-NO-HOJA"
    assert Importacion.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("ubigeos")
def test_validacion_fuera_de_transaccion_escribe_en_hilo(admin):
    """Sin transacción abierta (como en el worker), COPY y errores van por el hilo escritor."""
    from django.db import connection

    assert not connection.in_atomic_block
    importacion = importar(caso("17-atomicidad-error-a-mitad.csv"), admin)

    assert importacion.nuevas == 4
    assert importacion.errores.filter(es_advertencia=False).count() == 2
    assert FilaPadron.objects.filter(importacion=importacion).count() == 4


@pytest.mark.django_db(transaction=True)
def test_escritor_relanza_el_error_del_hilo():
    from beneficiarios.importacion.preparacion import EscritorDeLotes

    escritor = EscritorDeLotes()
    hechas = []
    escritor.enviar(lambda: 1 / 0)
    escritor.enviar(lambda: hechas.append(1))

    with pytest.raises(ZeroDivisionError):
        escritor.terminar()
    assert hechas == []  # tras el error no se hace nada más
