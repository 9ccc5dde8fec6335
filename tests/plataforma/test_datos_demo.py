"""`datos_demo --entregas`: los datos del tamaño de un país, generados en pequeño (2 000 hogares, 3 000 entregas)."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from beneficiarios.models import Beneficiario
from canastas.demo import FUENTE_DEMO
from canastas.demo_pais import DIAS_DE_CAMPANA, TIPOS_DEMO, repartir_entregas
from entregas.models import Entrega, Programacion, TipoRegistro
from reportes.cifras import cifras_por_area
from reportes.servicios import resumen_diferencias
from usuarios.models import Rol

HOGARES = 2000
ENTREGAS = 3000
PEQUENO = ["--beneficiarios", str(HOGARES), "--entregas", str(ENTREGAS)]

pytestmark = pytest.mark.django_db


@pytest.fixture
def datos():
    call_command("datos_demo", *PEQUENO)


def test_cantidades_pedidas(datos):
    assert Beneficiario.objects.filter(fuente=FUENTE_DEMO).count() == HOGARES
    assert Entrega.objects.count() == ENTREGAS


def test_tipos_nacionales_con_kit(datos):
    tipos = TipoRegistro.objects.filter(codigo__in=[tipo.codigo for tipo in TIPOS_DEMO])

    assert tipos.count() == len(TIPOS_DEMO)
    assert not tipos.filter(distrito__isnull=False).exists()
    assert all(tipo.productos.count() >= 4 for tipo in tipos)


def test_mayoria_de_hogares_programados(datos):
    programados = Programacion.objects.values("beneficiario").distinct().count()

    assert programados >= 0.9 * HOGARES


def test_una_entrega_vigente_por_hogar_y_tipo(datos):
    vigentes = Entrega.objects.exclude(estado=Entrega.Estado.ANULADA)
    pares = Counter(vigentes.values_list("beneficiario_id", "tipo_registro_id"))

    assert max(pares.values()) == 1
    assert Entrega.objects.values("uuid_cliente").distinct().count() == ENTREGAS


def test_distrito_de_entrega_es_el_del_hogar(datos):
    assert not Entrega.objects.exclude(distrito_id=F("beneficiario__distrito_id")).exists()
    assert not Programacion.objects.exclude(distrito_id=F("beneficiario__distrito_id")).exists()


def test_operador_es_del_distrito(datos):
    assert not Entrega.objects.exclude(operador__distrito_id=F("distrito_id")).exists()
    assert not Entrega.objects.exclude(operador__rol=Rol.OPERADOR).exists()


def test_miembros_suman_los_del_hogar(datos):
    distintas = Entrega.objects.exclude(
        beneficiario__miembros_hogar=F("miembros_0_5") + F("miembros_6_17") + F("miembros_18_59") + F("miembros_60_mas")
    )

    assert not distintas.exists()


def test_mezcla_de_origenes_y_estados(datos):
    origenes = Counter(Entrega.objects.values_list("origen", flat=True))
    estados = Counter(Entrega.objects.values_list("estado", flat=True))

    assert set(origenes) == {"app", "web", "carga_masiva"}
    assert origenes["app"] > origenes["web"]
    assert 0 < estados["observada"] < 0.1 * ENTREGAS
    assert 0 < estados["anulada"] < 0.02 * ENTREGAS


def test_fechas_en_las_ultimas_ocho_semanas(datos):
    hoy = timezone.localdate()
    dias = {timezone.localtime(fecha).date() for fecha in Entrega.objects.values_list("fecha_entrega", flat=True)}

    assert min(dias) >= hoy - timedelta(days=DIAS_DE_CAMPANA)
    assert max(dias) < hoy


def test_resumen_cuadra_con_detalle(datos):
    assert resumen_diferencias() == {}

    resumen = cifras_por_area(nivel="departamento")
    detalle = cifras_por_area(nivel="departamento", fuente="detalle")
    assert resumen == detalle
    assert sum(cifras.entregas for cifras in resumen.values()) == Entrega.objects.exclude(estado="anulada").count()


def test_resumen_con_disparadores_cuadra():
    call_command("datos_demo", *PEQUENO, "--resumen", "disparadores")

    assert resumen_diferencias() == {}


def test_segunda_corrida_no_duplica(datos, capsys):
    call_command("datos_demo", *PEQUENO)

    assert "ya están" in capsys.readouterr().out
    assert Beneficiario.objects.count() == HOGARES
    assert Entrega.objects.count() == ENTREGAS


def test_otros_tamanos_piden_reiniciar(datos):
    with pytest.raises(CommandError, match="--reiniciar"):
        call_command("datos_demo", "--beneficiarios", str(HOGARES), "--entregas", "2500")

    assert Entrega.objects.count() == ENTREGAS


def test_conservar_deja_otros_tamanos_sin_fallar(datos, capsys):
    call_command("datos_demo", "--beneficiarios", str(HOGARES), "--entregas", "2500", "--conservar")

    assert "Se conservan" in capsys.readouterr().out
    assert Entrega.objects.count() == ENTREGAS


def test_reiniciar_rehace_los_mismos_datos(datos):
    antes = list(Beneficiario.objects.order_by("numero_documento").values_list("numero_documento", "distrito_id"))
    por_distrito = Counter(Entrega.objects.values_list("distrito_id", flat=True))

    call_command("datos_demo", *PEQUENO, "--reemplazar")

    despues = list(Beneficiario.objects.order_by("numero_documento").values_list("numero_documento", "distrito_id"))
    assert despues == antes
    assert Counter(Entrega.objects.values_list("distrito_id", flat=True)) == por_distrito
    assert Entrega.objects.count() == ENTREGAS
    assert resumen_diferencias() == {}


def test_mas_entregas_que_cupos_se_rechaza():
    with pytest.raises(CommandError, match="Aumente --beneficiarios"):
        call_command("datos_demo", "--beneficiarios", "100", "--entregas", "1000")

    assert not Beneficiario.objects.exists()


def test_reparto_exacto_y_con_tope():
    asignadas = repartir_entregas(500, cupos=[100, 300, 200, 0], factores=[1.0, 0.6, 0.0, 1.0])

    assert sum(asignadas) == 500
    assert asignadas[3] == 0
    assert all(cantidad <= cupo for cantidad, cupo in zip(asignadas, [100, 300, 200, 0]))
