"""Conciliación: las cifras del resumen son exactamente conteos sobre el detalle, por cualquier camino.

La prueba escribe por cada camino real: captura web, API, carga masiva, padrón por archivo, programados,
anulación, observación, corrección del padrón y retiro de una programación. Luego compara cada nivel, con y
sin filtros, con el GROUP BY sobre el detalle y con conteos hechos con el ORM.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from beneficiarios.models import Beneficiario
from beneficiarios.programados import programacion_por_seleccion, programacion_quitar
from beneficiarios.servicios import beneficiario_corregir
from entregas.models import Entrega, Programacion
from reportes.cifras import Filtros, cifras_de, cifras_por_area
from reportes.servicios import resumen_diferencias, resumen_recalcular
from tests.conftest import MIRAFLORES, SURCO
from tests.entregas.apoyo_api import cliente_api, formulario_entrega, token_directo
from tests.entregas.apoyo_captura import usar_almacen_temporal
from tests.entregas.test_captura_web import datos_formulario
from tests.entregas.test_carga_servicios import cargar, hoja_csv, hoy
from tests.fabricas import BeneficiarioFactory, EntregaFactory, TipoRegistroFactory

pytestmark = pytest.mark.django_db

CUSCO = "080101"


@pytest.fixture
def almacen(settings, tmp_path):
    usar_almacen_temporal(settings, tmp_path)


@pytest.fixture
def tipos():
    return TipoRegistroFactory(codigo="DU033-1"), TipoRegistroFactory(codigo="DU033-2")


@pytest.fixture
def hogares():
    return {
        "miraflores": [BeneficiarioFactory(distrito_id=MIRAFLORES, miembros_hogar=3 + n) for n in range(8)],
        "surco": [BeneficiarioFactory(distrito_id=SURCO, miembros_hogar=2) for _ in range(3)],
        "cusco": [BeneficiarioFactory(distrito_id=CUSCO, miembros_hogar=5) for _ in range(2)],
    }


def _recorrer_todos_los_caminos(client, tmp_path, tipos, hogares, sub_miraflores, operador_miraflores, admin):
    primero, segundo = tipos
    mira = hogares["miraflores"]

    # Padrón por archivo (COPY y INSERT … SELECT).
    padron = tmp_path / "padron.csv"
    padron.write_text(
        "tipo_documento,numero_documento,apellido_paterno,nombres,direccion,ubigeo,miembros_hogar\n"
        "DNI,47000001,QUISPE,ROSA,JR. LIMA 1,150122,4\n"
        "DNI,47000002,QUISPE,LUIS,JR. LIMA 2,150122,6\n",
        encoding="utf-8",
    )
    call_command("importar_padron", str(padron), distrito=MIRAFLORES, aplicar=True, usuario=admin.username, stdout=None)

    # Programados: cinco hogares para el primer tipo, dos para el segundo.
    datos = {"fecha_programada": datetime.date(2026, 11, 20), "punto_entrega": "Loza deportiva"}
    programacion_por_seleccion(usuario=sub_miraflores, ids=[h.pk for h in mira[:5]], tipo_registro=primero, **datos)
    programacion_por_seleccion(usuario=sub_miraflores, ids=[h.pk for h in mira[:2]], tipo_registro=segundo, **datos)

    # Captura web y API.
    client.force_login(operador_miraflores)
    respuesta = client.post(reverse("entregas:nueva"), datos_formulario(primero, mira[0].numero_documento))
    assert respuesta.status_code == 302
    aplicativo = cliente_api(token_directo(operador_miraflores))
    for hogar in mira[1:3]:
        respuesta = aplicativo.post("/api/v1/entregas", formulario_entrega(primero, hogar.numero_documento))
        assert respuesta.status_code == 201, respuesta.content
    respuesta = aplicativo.post("/api/v1/entregas", formulario_entrega(segundo, mira[0].numero_documento))
    assert respuesta.status_code == 201, respuesta.content

    # Carga masiva: un hogar programado y uno que no lo está.
    filas = [
        f"DNI,{hogar.numero_documento},DU033-1,{hoy()},domicilio,0,1,2,1,,,,,,,,"
        for hogar in (mira[3], mira[6])
    ]
    importacion = cargar(sub_miraflores, hoja_csv(*filas), aplicar=True)
    assert importacion.estado == importacion.Estado.APLICADO, importacion.errores.values_list("codigo", flat=True)

    # Otros distritos, con fechas distintas.
    hace_diez_dias = timezone.now() - datetime.timedelta(days=10)
    EntregaFactory(operador=admin, distrito_id=SURCO, beneficiario=hogares["surco"][0], tipo_registro=primero,
                   fecha_entrega=hace_diez_dias, origen="app")
    EntregaFactory(operador=admin, distrito_id=CUSCO, beneficiario=hogares["cusco"][0], tipo_registro=segundo,
                   estado="observada")

    # Anular, observar, corregir el padrón, dar de baja y quitar una programación.
    client.force_login(sub_miraflores)
    anulada = Entrega.objects.get(beneficiario=mira[1], tipo_registro=primero)
    respuesta = client.post(reverse("entregas:anular", args=[anulada.pk]), {"motivo": "Foto ilegible"})
    assert respuesta.status_code == 302
    observada = Entrega.objects.get(beneficiario=mira[2], tipo_registro=primero)
    respuesta = client.post(reverse("entregas:observar", args=[observada.pk]), {"motivo": "Firma distinta"})
    assert respuesta.status_code == 302
    beneficiario_corregir(beneficiario=mira[4], datos={"miembros_hogar": 9}, motivo="Error de digitación",
                          usuario=sub_miraflores)
    beneficiario_corregir(beneficiario=mira[7], datos={"estado": Beneficiario.Estado.BAJA}, motivo="Duplicado",
                          usuario=sub_miraflores)
    programacion_quitar(usuario=sub_miraflores, programacion=Programacion.objects.get(beneficiario=mira[4],
                                                                                       tipo_registro=primero))


def _esperado_con_orm(distrito: str, filtros: Filtros) -> dict:
    """Las mismas cifras contadas con el ORM, sin pasar por el SQL del resumen."""
    entregas = Entrega.objects.filter(distrito_id=distrito).exclude(estado="anulada")
    programaciones = Programacion.objects.filter(distrito_id=distrito)
    if filtros.tipo_registro:
        entregas = entregas.filter(tipo_registro_id=filtros.tipo_registro)
        programaciones = programaciones.filter(tipo_registro_id=filtros.tipo_registro)
    if filtros.desde:
        entregas = [e for e in entregas if timezone.localtime(e.fecha_entrega).date() >= filtros.desde]
    entregas = list(entregas)
    vigentes = {(e.beneficiario_id, e.tipo_registro_id) for e in Entrega.objects.exclude(estado="anulada")}
    padron = Beneficiario.objects.filter(distrito_id=distrito).exclude(estado="baja")
    return {
        "hogares": padron.count(),
        "personas_padron": sum(h.miembros_hogar for h in padron),
        "programados": programaciones.count(),
        "programados_entregados": sum((p.beneficiario_id, p.tipo_registro_id) in vigentes for p in programaciones),
        "entregas_app": sum(e.origen == "app" for e in entregas),
        "entregas_web": sum(e.origen == "web" for e in entregas),
        "entregas_carga": sum(e.origen == "carga_masiva" for e in entregas),
        "personas": sum(e.personas for e in entregas),
        "observadas": sum(e.estado == "observada" for e in entregas),
    }


def test_resumen_cuadra_por_todos_los_caminos(
    client, tmp_path, almacen, tipos, hogares, sub_miraflores, operador_miraflores, admin
):
    _recorrer_todos_los_caminos(client, tmp_path, tipos, hogares, sub_miraflores, operador_miraflores, admin)

    assert resumen_diferencias() == {}

    hoy_lima = timezone.localdate()
    variantes = [
        Filtros(),
        Filtros(tipo_registro=tipos[0].pk),
        Filtros(tipo_registro=tipos[1].pk),
        Filtros(desde=hoy_lima - datetime.timedelta(days=3)),
        Filtros(desde=hoy_lima - datetime.timedelta(days=30), hasta=hoy_lima, tipo_registro=tipos[0].pk),
    ]
    for filtros in variantes:
        for nivel, prefijo in [("departamento", ""), ("provincia", "15"), ("distrito", "1501"), ("distrito", "08")]:
            resumen = cifras_por_area(nivel=nivel, prefijo=prefijo, filtros=filtros)
            detalle = cifras_por_area(nivel=nivel, prefijo=prefijo, filtros=filtros, fuente="detalle")
            assert resumen == detalle, (nivel, prefijo, filtros)
        for distrito in (MIRAFLORES, SURCO, CUSCO):
            cifras = cifras_de(codigo=distrito, filtros=filtros)
            esperado = _esperado_con_orm(distrito, filtros)
            assert {campo: getattr(cifras, campo) for campo in esperado} == esperado, (distrito, filtros)


def test_cifras_de_miraflores_tras_todos_los_caminos(
    client, tmp_path, almacen, tipos, hogares, sub_miraflores, operador_miraflores, admin
):
    _recorrer_todos_los_caminos(client, tmp_path, tipos, hogares, sub_miraflores, operador_miraflores, admin)

    cifras = cifras_de(codigo=MIRAFLORES)

    # 8 de fábrica + 2 del archivo − 1 de baja; personas: 3..9 sin el 10 de baja, con la corrección a 9.
    assert cifras.hogares == 9
    assert cifras.personas_padron == (3 + 4 + 5 + 6 + 9 + 8 + 9) + 4 + 6
    # Web 1 + API 3 + carga 2 − 1 anulada = 5; programados 5 + 2 − 1 quitado = 6.
    assert cifras.entregas == 5
    assert (cifras.entregas_web, cifras.entregas_app, cifras.entregas_carga) == (1, 2, 2)
    # Observadas: la que se observó a mano y las dos de la carga, que no traen foto ni GPS.
    assert cifras.observadas == 3
    assert cifras.programados == 6
    # Entregados entre los programados: mira0 (tipo 1 y 2), mira2, mira3; mira1 fue anulada.
    assert cifras.programados_entregados == 4
    assert cifras.pendientes == 2
    assert cifras.avance == Decimal("66.7")
    assert cifras.ultima_fecha == timezone.localdate()


def test_resumen_recalcular_deja_lo_mismo(tipos, hogares, admin):
    EntregaFactory(operador=admin, beneficiario=hogares["miraflores"][0], tipo_registro=tipos[0])
    antes = cifras_por_area(nivel="distrito", prefijo="15")

    resumen_recalcular()

    assert cifras_por_area(nivel="distrito", prefijo="15") == antes
    assert resumen_diferencias() == {}


def test_anular_hace_retroceder_la_ultima_fecha(tipos, hogares, admin):
    ayer = timezone.now() - datetime.timedelta(days=1)
    EntregaFactory(operador=admin, beneficiario=hogares["miraflores"][0], tipo_registro=tipos[0], fecha_entrega=ayer)
    hoy_entrega = EntregaFactory(operador=admin, beneficiario=hogares["miraflores"][1], tipo_registro=tipos[0])
    assert cifras_de(codigo=MIRAFLORES).ultima_fecha == timezone.localdate()

    hoy_entrega.estado = Entrega.Estado.ANULADA
    hoy_entrega.save()

    assert cifras_de(codigo=MIRAFLORES).ultima_fecha == timezone.localdate(ayer)
    assert cifras_de(codigo=MIRAFLORES).entregas == 1


def test_carga_masiva_suma_el_resumen_al_final(sub_miraflores, tipos, hogares):
    filas = [f"DNI,{hogar.numero_documento},DU033-1,{hoy()},domicilio,0,1,2,1,,,,,,,," for hogar in hogares["miraflores"]]

    importacion = cargar(sub_miraflores, hoja_csv(*filas), aplicar=True)

    assert importacion.estado == importacion.Estado.APLICADO
    assert cifras_de(codigo=MIRAFLORES).entregas_carga == len(hogares["miraflores"])
    assert resumen_diferencias() == {}


def test_resumen_diferido_suma_al_salir(admin, tipos, hogares):
    from reportes.servicios import entregas_de_carga_al_final
    from tests.fabricas import ImportacionFactory

    importacion = ImportacionFactory(usuario=admin)
    with entregas_de_carga_al_final(importacion_id=importacion.pk):
        EntregaFactory(operador=admin, beneficiario=hogares["miraflores"][0], tipo_registro=tipos[0],
                       importacion=importacion, origen="carga_masiva")
        assert cifras_de(codigo=MIRAFLORES).entregas == 0

    assert cifras_de(codigo=MIRAFLORES).entregas_carga == 1
    assert resumen_diferencias() == {}
