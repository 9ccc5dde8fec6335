"""Reportes por nivel (Nacional → Departamento → Provincia → Distrito) y Reporte General."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from beneficiarios.models import Beneficiario
from canastas.models import RegistroAccion
from entregas.models import Programacion
from reportes.cifras import semana_de_corte
from tests.conftest import MIRAFLORES, SURCO
from tests.fabricas import BeneficiarioFactory, EntregaFactory, TipoRegistroFactory

pytestmark = pytest.mark.django_db

AREQUIPA = "040101"


@pytest.fixture
def tipo():
    return TipoRegistroFactory(codigo="DU033-1", nombre="Canasta DU 033-2020 — 1.ª entrega")


@pytest.fixture
def datos(tipo, admin):
    """Miraflores: 3 hogares (2 programados, 1 con entrega por app); Surco: 2 hogares, 1 entrega web
    observada hace 10 días; Arequipa: 1 hogar; Cusco: 1 hogar de baja."""
    mira = BeneficiarioFactory.create_batch(3, distrito_id=MIRAFLORES, miembros_hogar=4)
    surco = BeneficiarioFactory.create_batch(2, distrito_id=SURCO, miembros_hogar=2)
    BeneficiarioFactory(distrito_id=AREQUIPA, miembros_hogar=5)
    BeneficiarioFactory(distrito_id="080101", miembros_hogar=1, estado=Beneficiario.Estado.BAJA)
    for hogar in mira[:2]:
        Programacion.objects.create(beneficiario=hogar, tipo_registro=tipo, distrito_id=MIRAFLORES,
                                    fecha_programada=datetime.date(2026, 11, 20), creado_por=admin)
    EntregaFactory(operador=admin, beneficiario=mira[0], tipo_registro=tipo, origen="app", miembros_18_59=3)
    EntregaFactory(operador=admin, beneficiario=surco[0], distrito_id=SURCO, tipo_registro=tipo, origen="web",
                   estado="observada", fecha_entrega=timezone.now() - datetime.timedelta(days=10))
    return {"mira": mira, "surco": surco}


def fila_de(respuesta, codigo):
    return next(fila for fila in respuesta.context["filas"] if fila.codigo == codigo)


def test_nacional_cifras_por_departamento(cliente_de, invitado_nacional, datos):
    respuesta = cliente_de(invitado_nacional).get(reverse("reportes:nacional"))

    lima = fila_de(respuesta, "15").cifras
    assert len(respuesta.context["filas"]) == 25
    assert (lima.hogares, lima.personas_padron) == (5, 16)
    assert (lima.programados, lima.programados_entregados, lima.pendientes) == (2, 1, 1)
    assert (lima.entregas, lima.entregas_app, lima.entregas_web, lima.entregas_carga) == (2, 1, 1, 0)
    assert lima.observadas == 1
    assert lima.personas == 5  # 3 de la entrega por app y 2 de la de Surco (fábrica: 2 de 18 a 59)
    assert str(lima.avance) == "50.0"
    assert lima.ultima_fecha == timezone.localdate()
    assert fila_de(respuesta, "08").cifras.hogares == 0  # los hogares dados de baja no cuentan
    assert respuesta.context["total"].hogares == 6
    assert '<td class="num">50,0 %</td>' in respuesta.content.decode()


def test_niveles_enlaces_y_migas(cliente_de, invitado_nacional, datos):
    cliente = cliente_de(invitado_nacional)

    nacional = cliente.get(reverse("reportes:nacional")).content.decode()
    departamento = cliente.get(reverse("reportes:departamento", args=["15"])).content.decode()
    provincia = cliente.get(reverse("reportes:provincia", args=["1501"]))
    distrito = cliente.get(reverse("reportes:distrito", args=[MIRAFLORES])).content.decode()

    assert reverse("reportes:departamento", args=["15"]) in nacional
    assert reverse("reportes:provincia", args=["1501"]) in departamento
    assert len(provincia.context["filas"]) == 43
    assert reverse("reportes:distrito", args=[MIRAFLORES]) in provincia.content.decode()
    assert reverse("reportes:provincia", args=["1501"]) in distrito
    assert reverse("reportes:departamento", args=["15"]) in distrito


def test_filtro_de_fechas_solo_entregas(cliente_de, invitado_nacional, datos):
    hoy = timezone.localdate()
    url = reverse("reportes:provincia", args=["1501"])

    respuesta = cliente_de(invitado_nacional).get(url, {"desde": hoy - datetime.timedelta(days=2), "hasta": hoy})

    assert fila_de(respuesta, SURCO).cifras.entregas == 0
    assert fila_de(respuesta, MIRAFLORES).cifras.entregas == 1
    assert fila_de(respuesta, MIRAFLORES).cifras.programados == 2


def test_filtro_por_tipo_de_registro(cliente_de, invitado_nacional, datos):
    otro = TipoRegistroFactory(codigo="OTRO")

    respuesta = cliente_de(invitado_nacional).get(reverse("reportes:nacional"), {"tipo_registro": otro.pk})

    assert respuesta.context["total"].entregas == 0
    assert respuesta.context["total"].hogares == 6  # el padrón no es de un tipo


def test_fechas_al_reves_dan_error_en_castellano(cliente_de, invitado_nacional, datos):
    respuesta = cliente_de(invitado_nacional).get(reverse("reportes:nacional"), {"desde": "2026-12-01", "hasta": "2026-11-01"})

    assert "no puede ser posterior" in respuesta.content.decode()
    assert respuesta.context["total"].entregas == 2  # sin filtro válido, las cifras completas


def test_ordenar_por_entregas_de_mayor_a_menor(cliente_de, invitado_nacional, datos):
    respuesta = cliente_de(invitado_nacional).get(reverse("reportes:provincia", args=["1501"]), {"orden": "-hogares"})

    codigos = [fila.codigo for fila in respuesta.context["filas"]]
    assert codigos[:2] == [MIRAFLORES, SURCO]


def test_ordenar_por_avance_deja_sin_avance_al_final(cliente_de, invitado_nacional, datos):
    respuesta = cliente_de(invitado_nacional).get(reverse("reportes:provincia", args=["1501"]), {"orden": "avance"})

    assert respuesta.context["filas"][0].codigo == MIRAFLORES
    assert respuesta.context["filas"][-1].cifras.avance is None


def test_orden_desconocido_se_ignora(cliente_de, invitado_nacional, datos):
    respuesta = cliente_de(invitado_nacional).get(reverse("reportes:nacional"), {"orden": "__class__"})

    assert respuesta.status_code == 200
    assert respuesta.context["filas"][0].codigo == "01"


def test_grafico_de_avance_es_svg_accesible(cliente_de, invitado_nacional, datos):
    pagina = cliente_de(invitado_nacional).get(reverse("reportes:nacional")).content.decode()

    assert '<svg role="img"' in pagina
    assert "Porcentaje de avance por área" in pagina
    assert "<script" not in pagina.split("<main", 1)[-1]


def test_exportar_nivel_a_excel_con_total(cliente_de, invitado_nacional, datos):
    respuesta = cliente_de(invitado_nacional).get(reverse("reportes:departamento", args=["15"]), {"formato": "xlsx"})

    hoja = openpyxl.load_workbook(io.BytesIO(b"".join(respuesta.streaming_content))).active
    filas = list(hoja.iter_rows(values_only=True))
    assert respuesta["Content-Disposition"].startswith("attachment")
    assert filas[0][:3] == ("Ubigeo", "Provincia", "Hogares potenciales")
    lima = next(fila for fila in filas if fila[0] == "1501")
    assert lima[2] == 5
    assert filas[-1][1] == "Total"
    assert RegistroAccion.objects.filter(accion="exportar", modelo="reportes.Reporte").count() == 1


def test_exportar_nivel_a_csv(cliente_de, invitado_nacional, datos):
    respuesta = cliente_de(invitado_nacional).get(reverse("reportes:nacional"), {"formato": "csv"})

    texto = b"".join(respuesta.streaming_content).decode("utf-8-sig")
    assert texto.splitlines()[0].startswith("Ubigeo,Departamento,Hogares potenciales")
    assert "Total" in texto.splitlines()[-1]


def test_distrito_por_tipo_y_serie_diaria(cliente_de, invitado_nacional, datos, tipo):
    respuesta = cliente_de(invitado_nacional).get(reverse("reportes:distrito", args=[MIRAFLORES]))
    pagina = respuesta.content.decode()

    assert respuesta.context["cifras"].hogares == 3
    assert [fila.nombre for fila in respuesta.context["por_tipo"]] == [tipo.nombre]
    assert respuesta.context["serie"] == [(timezone.localdate(), 1)]
    assert "Entregas por día" in pagina


def test_distrito_exporta_la_serie_diaria(cliente_de, invitado_nacional, datos):
    respuesta = cliente_de(invitado_nacional).get(
        reverse("reportes:distrito", args=[MIRAFLORES]), {"formato": "csv", "tabla": "diario"}
    )

    texto = b"".join(respuesta.streaming_content).decode("utf-8-sig")
    assert texto.splitlines() == ["Fecha,Entregas", f"{timezone.localdate():%d/%m/%Y},1"]


def test_general_una_fila_por_distrito_con_datos(cliente_de, admin, datos):
    respuesta = cliente_de(admin).get(reverse("reportes:general"))

    codigos = {fila.codigo for fila in respuesta.context["pagina"]}
    assert codigos == {MIRAFLORES, SURCO, AREQUIPA}
    assert respuesta.context["total"].entregas == 2


def test_general_todos_los_distritos_paginados(cliente_de, admin, datos):
    respuesta = cliente_de(admin).get(reverse("reportes:general"), {"mostrar": "todos"})

    assert respuesta.context["cantidad"] == 1893
    assert len(respuesta.context["pagina"]) == 50


def test_general_filtra_por_departamento_y_avance(cliente_de, admin, datos):
    cliente = cliente_de(admin)

    lima = cliente.get(reverse("reportes:general"), {"departamento": "15"})
    con_avance = cliente.get(reverse("reportes:general"), {"avance_min": "40", "avance_max": "60"})

    assert {fila.codigo for fila in lima.context["pagina"]} == {MIRAFLORES, SURCO}
    assert [fila.codigo for fila in con_avance.context["pagina"]] == [MIRAFLORES]


def test_general_provincia_de_otro_departamento_da_error(cliente_de, admin, datos):
    respuesta = cliente_de(admin).get(reverse("reportes:general"), {"departamento": "04", "provincia": "1501"})

    assert "no pertenece al departamento" in respuesta.content.decode()


def test_general_lista_distritos_sin_entregas_en_la_semana(cliente_de, admin, datos):
    respuesta = cliente_de(admin).get(reverse("reportes:general"))

    sin_entregas = {d["enlace"].rstrip("/").rsplit("/", 1)[-1] for d in respuesta.context["sin_entregas"]}
    # Surco entregó hace diez días: no en esta semana. Miraflores entregó hoy.
    assert sin_entregas == {SURCO, AREQUIPA}


def test_general_exporta_la_lista_sin_entregas(cliente_de, admin, datos):
    respuesta = cliente_de(admin).get(reverse("reportes:general"), {"formato": "csv", "lista": "sin_entregas"})

    lineas = b"".join(respuesta.streaming_content).decode("utf-8-sig").splitlines()
    assert lineas[0] == "Ubigeo,Distrito,Provincia,Departamento"
    assert {linea.split(",")[0] for linea in lineas[1:]} == {AREQUIPA, SURCO}


@pytest.mark.parametrize(
    ("hoy", "sabado", "viernes"),
    [
        (datetime.date(2026, 12, 4), datetime.date(2026, 11, 28), datetime.date(2026, 12, 4)),  # viernes
        (datetime.date(2026, 12, 5), datetime.date(2026, 12, 5), datetime.date(2026, 12, 11)),  # sábado
        (datetime.date(2026, 12, 10), datetime.date(2026, 12, 5), datetime.date(2026, 12, 11)),  # jueves
    ],
)
def test_semana_de_corte_va_de_sabado_a_viernes(hoy, sabado, viernes):
    assert semana_de_corte(hoy) == (sabado, viernes)


def test_reportes_no_muestran_datos_personales(cliente_de, invitado_nacional, datos):
    hogar = datos["mira"][0]
    urls = [
        reverse("reportes:nacional"),
        reverse("reportes:departamento", args=["15"]),
        reverse("reportes:provincia", args=["1501"]),
        reverse("reportes:distrito", args=[MIRAFLORES]),
        reverse("reportes:general"),
    ]
    for url in urls:
        for parametros in ({}, {"formato": "csv"}):
            respuesta = cliente_de(invitado_nacional).get(url, parametros)
            contenido = respuesta.content if not respuesta.streaming else b"".join(respuesta.streaming_content)
            assert hogar.numero_documento.encode() not in contenido, url
            assert hogar.nombres.encode() not in contenido, url


def test_codigo_inexistente_es_404(cliente_de, invitado_nacional):
    assert cliente_de(invitado_nacional).get(reverse("reportes:departamento", args=["99"])).status_code == 404


@pytest.mark.parametrize(
    ("actor", "ve_enlace"),
    [("admin", True), ("sub_miraflores", True), ("sub_surco", False), ("invitado_miraflores", False),
     ("invitado_nacional", False)],
)
def test_enlace_a_archivos_solo_para_quien_puede_pedirlos(cliente_de, request, actor, ve_enlace):
    pagina = cliente_de(request.getfixturevalue(actor)).get(reverse("reportes:distrito", args=[MIRAFLORES]))

    assert (reverse("reportes:contraloria") in pagina.content.decode()) is ve_enlace


@pytest.mark.parametrize(
    ("actor", "ve_enlace"),
    [("admin", True), ("sub_miraflores", True), ("invitado_miraflores", True), ("sub_surco", False),
     ("invitado_nacional", False)],
)
def test_enlace_a_vista_consolidada_solo_del_propio_distrito(cliente_de, request, actor, ve_enlace):
    pagina = cliente_de(request.getfixturevalue(actor)).get(reverse("reportes:distrito", args=[MIRAFLORES]))

    enlace = f'{reverse("reportes:consolidado")}?distrito={MIRAFLORES}'
    assert (enlace in pagina.content.decode()) is ve_enlace


def test_filtro_de_fechas_en_iso(cliente_de, invitado_nacional):
    pagina = cliente_de(invitado_nacional).get(reverse("reportes:nacional"), {"desde": "2026-11-01"})

    assert 'value="2026-11-01"' in pagina.content.decode()
