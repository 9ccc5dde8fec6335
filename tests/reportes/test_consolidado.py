"""Vista consolidada de un distrito: pestañas, roles, datos del invitado y exportaciones."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from beneficiarios.models import Beneficiario
from canastas.models import RegistroAccion
from entregas.models import Entrega, Programacion
from reportes.cifras import cifras_de
from tests.conftest import MIRAFLORES, SURCO
from tests.fabricas import BeneficiarioFactory, EntregaFactory, TipoRegistroFactory

pytestmark = pytest.mark.django_db

URL = reverse("reportes:consolidado")
URL_EXPORTAR = reverse("reportes:consolidado_exportar")
PESTANAS = ["potenciales", "beneficiarios", "general"]
LIMA = timezone.get_fixed_timezone(-300)

# Nombres y documentos de la fábrica que nunca deben llegar al invitado.
NOMBRES_MIRAFLORES = ["ZEVALLOS", "ROSAURA", "PILAR BENAVIDES"]
DOCUMENTOS_MIRAFLORES = ["41234567", "42345678"]
# Datos de Surco que nunca deben aparecer en la vista de Miraflores.
DATOS_SURCO = ["HUAMANCHUMO", "47777777", "Canasta solo de Surco"]


def _en_lima(dia: int) -> datetime.datetime:
    return datetime.datetime(2026, 3, dia, 10, 0, tzinfo=LIMA)


@pytest.fixture
def tipo_nacional():
    return TipoRegistroFactory(nombre="Canasta DU 033-2020 — 1.ª entrega")


@pytest.fixture
def distrito_con_datos(tipo_nacional, sub_miraflores, operador_miraflores):
    """Miraflores: dos hogares activos (uno programado y atendido), uno de baja, una entrega válida y una anulada.

    Surco tiene su propio hogar, tipo y entrega, que la vista de Miraflores no debe mostrar.
    """
    zevallos = BeneficiarioFactory(
        numero_documento="41234567", apellido_paterno="ZEVALLOS", nombres="ROSAURA", miembros_hogar=5
    )
    otro = BeneficiarioFactory(numero_documento="42345678", apellido_paterno="QUISPE", nombres="ELENA")
    BeneficiarioFactory(numero_documento="43456789", estado=Beneficiario.Estado.BAJA)
    Programacion.objects.create(
        beneficiario=zevallos, tipo_registro=tipo_nacional, distrito_id=MIRAFLORES,
        fecha_programada=datetime.date(2026, 3, 1), creado_por=sub_miraflores,
    )
    EntregaFactory(
        beneficiario=zevallos, tipo_registro=tipo_nacional, operador=operador_miraflores,
        nombres_receptor="PILAR BENAVIDES", fecha_entrega=_en_lima(2), origen=Entrega.Origen.APP,
    )
    EntregaFactory(
        beneficiario=otro, tipo_registro=tipo_nacional, operador=operador_miraflores,
        nombres_receptor="ELENA QUISPE", fecha_entrega=_en_lima(5), estado=Entrega.Estado.ANULADA,
    )

    surco_tipo = TipoRegistroFactory(nombre="Canasta solo de Surco", distrito_id=SURCO)
    surco = BeneficiarioFactory(
        distrito_id=SURCO, numero_documento="47777777", apellido_paterno="HUAMANCHUMO", nombres="JUANA"
    )
    EntregaFactory(
        distrito_id=SURCO, beneficiario=surco, tipo_registro=surco_tipo, operador=operador_miraflores,
        nombres_receptor="JUANA HUAMANCHUMO",
    )
    return {"zevallos": zevallos, "otro": otro}


def _pagina(cliente, pestana: str, **parametros) -> tuple:
    respuesta = cliente.get(URL, {"pestana": pestana, **parametros})
    assert respuesta.status_code == 200
    return respuesta, respuesta.content.decode()


def _exportar(cliente, pestana: str, formato: str, **parametros):
    respuesta = cliente.get(URL_EXPORTAR, {"pestana": pestana, "formato": formato, **parametros})
    assert respuesta.status_code == 200
    contenido = b"".join(respuesta.streaming_content)
    if formato == "csv":
        return list(csv.reader(io.StringIO(contenido.decode("utf-8-sig"))))
    hoja = openpyxl.load_workbook(io.BytesIO(contenido)).active
    return [["" if celda is None else str(celda) for celda in fila] for fila in hoja.iter_rows(values_only=True)]


def _texto_de(filas: list[list]) -> str:
    return "\n".join(",".join(fila) for fila in filas)


# Pestaña Potenciales


def test_potenciales_lista_el_padron_del_distrito(cliente_de, sub_miraflores, distrito_con_datos, tipo_nacional):
    respuesta, pagina = _pagina(cliente_de(sub_miraflores), "potenciales")

    assert respuesta.context["pagina"].paginator.count == 2  # el hogar de baja no es potencial
    assert "41234567" in pagina
    assert "ZEVALLOS MAMANI, ROSAURA" in pagina
    assert tipo_nacional.nombre in pagina
    assert "Sin programar" in pagina
    assert "43456789" not in pagina


def test_potenciales_cuenta_igual_que_el_reporte(cliente_de, sub_miraflores, distrito_con_datos):
    respuesta, _ = _pagina(cliente_de(sub_miraflores), "potenciales")

    assert respuesta.context["pagina"].paginator.count == cifras_de(codigo=MIRAFLORES).hogares


def test_potenciales_busca_por_documento_y_nombre(cliente_de, sub_miraflores, distrito_con_datos):
    cliente = cliente_de(sub_miraflores)

    por_documento, _ = _pagina(cliente, "potenciales", q="41234567")
    por_nombre, _ = _pagina(cliente, "potenciales", q="elena")

    assert [h.numero_documento for h in por_documento.context["pagina"]] == ["41234567"]
    assert [h.numero_documento for h in por_nombre.context["pagina"]] == ["42345678"]


def test_potenciales_filtra_por_estado(cliente_de, sub_miraflores, distrito_con_datos):
    respuesta, _ = _pagina(cliente_de(sub_miraflores), "potenciales", estado="baja")

    assert [h.numero_documento for h in respuesta.context["pagina"]] == ["43456789"]


def test_potenciales_pagina_de_50(cliente_de, sub_miraflores):
    BeneficiarioFactory.create_batch(51)

    respuesta, pagina = _pagina(cliente_de(sub_miraflores), "potenciales")

    assert len(respuesta.context["pagina"]) == 50
    assert "pestana=potenciales&amp;pagina=2" in pagina


# Pestaña Beneficiarios


def test_beneficiarios_lista_entregas_no_anuladas(cliente_de, sub_miraflores, distrito_con_datos, tipo_nacional):
    respuesta, pagina = _pagina(cliente_de(sub_miraflores), "beneficiarios")

    entregas = list(respuesta.context["pagina"])
    assert [e.nombres_receptor for e in entregas] == ["PILAR BENAVIDES"]
    assert "02/03/2026" in pagina
    assert tipo_nacional.nombre in pagina
    assert "Aplicativo" in pagina
    assert "Válida" in pagina
    assert "41234567" in pagina
    assert "ELENA QUISPE" not in pagina  # su entrega está anulada


def test_beneficiarios_filtra_por_tipo_y_fechas(cliente_de, sub_miraflores, distrito_con_datos, tipo_nacional):
    cliente = cliente_de(sub_miraflores)
    otro_tipo = TipoRegistroFactory()
    EntregaFactory(
        beneficiario=distrito_con_datos["otro"], tipo_registro=otro_tipo, operador=sub_miraflores,
        nombres_receptor="ELENA QUISPE", fecha_entrega=_en_lima(10),
    )

    por_tipo, _ = _pagina(cliente, "beneficiarios", tipo_registro=otro_tipo.pk)
    por_fecha, _ = _pagina(cliente, "beneficiarios", desde="2026-03-01", hasta="2026-03-03")
    sin_filtro, _ = _pagina(cliente, "beneficiarios")

    assert [e.tipo_registro_id for e in por_tipo.context["pagina"]] == [otro_tipo.pk]
    assert [e.fecha_entrega.day for e in por_fecha.context["pagina"]] == [2]
    assert sin_filtro.context["pagina"].paginator.count == 2


def test_beneficiarios_fechas_invertidas_muestran_error(cliente_de, sub_miraflores, distrito_con_datos):
    cliente = cliente_de(sub_miraflores)

    respuesta, pagina = _pagina(cliente, "beneficiarios", desde="2026-03-03", hasta="2026-03-01")

    assert "La fecha final es anterior a la inicial." in pagina
    assert respuesta.context["pagina"].paginator.count == 0  # `hasta` tiene error y no filtra, `desde` sí


# Pestaña Reporte General


def test_general_muestra_las_cifras_del_resumen(cliente_de, sub_miraflores, distrito_con_datos, tipo_nacional):
    respuesta, pagina = _pagina(cliente_de(sub_miraflores), "general")

    reporte = respuesta.context["reporte"]
    esperadas = cifras_de(codigo=MIRAFLORES)
    assert reporte.total == esperadas
    assert reporte.total.hogares == 2
    assert reporte.total.programados == 1
    assert reporte.total.entregas == 1
    assert reporte.total.personas == 2
    assert [fila.tipo_registro for fila in reporte.por_tipo] == [tipo_nacional]
    assert reporte.por_tipo[0].cifras.entregas_app == 1
    assert "100,0 %" in pagina
    assert reverse("reportes:distrito", args=[MIRAFLORES]) in pagina


def test_general_filtra_por_fechas(cliente_de, sub_miraflores, distrito_con_datos):
    respuesta, _ = _pagina(cliente_de(sub_miraflores), "general", desde="2026-03-03")

    assert respuesta.context["reporte"].total.entregas == 0
    assert respuesta.context["reporte"].total.hogares == 2


def test_pestana_desconocida_abre_potenciales(cliente_de, sub_miraflores):
    respuesta, _ = _pagina(cliente_de(sub_miraflores), "otra")

    assert respuesta.context["pestana"] == "potenciales"


def test_pestanas_son_enlaces_sin_script(cliente_de, sub_miraflores):
    _, pagina = _pagina(cliente_de(sub_miraflores), "beneficiarios")

    assert 'href="?pestana=potenciales"' in pagina
    assert 'href="?pestana=general"' in pagina
    assert '<a href="?pestana=beneficiarios" aria-current="page">' in pagina
    assert "<script" not in pagina


# Invitado del distrito


@pytest.mark.parametrize("pestana", PESTANAS)
def test_invitado_no_ve_nombres_ni_documentos(cliente_de, invitado_miraflores, distrito_con_datos, pestana):
    _, pagina = _pagina(cliente_de(invitado_miraflores), pestana)

    for dato in NOMBRES_MIRAFLORES + DOCUMENTOS_MIRAFLORES:
        assert dato not in pagina
    assert "<img" not in pagina


def test_invitado_ve_documentos_enmascarados(cliente_de, invitado_miraflores, distrito_con_datos):
    cliente = cliente_de(invitado_miraflores)

    _, potenciales = _pagina(cliente, "potenciales")
    _, beneficiarios = _pagina(cliente, "beneficiarios")

    assert "••••••67" in potenciales
    assert "••••••78" in potenciales
    assert "••••••67" in beneficiarios


def test_invitado_no_tiene_busqueda_libre(cliente_de, invitado_miraflores, distrito_con_datos):
    respuesta, pagina = _pagina(cliente_de(invitado_miraflores), "potenciales", q="ZEVALLOS")

    assert "q" not in respuesta.context["filtro"].fields
    assert 'name="q"' not in pagina
    assert respuesta.context["pagina"].paginator.count == 2


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
@pytest.mark.parametrize("pestana", PESTANAS)
def test_invitado_exporta_sin_nombres_ni_documentos(
    cliente_de, invitado_miraflores, distrito_con_datos, pestana, formato
):
    filas = _exportar(cliente_de(invitado_miraflores), pestana, formato)
    texto = _texto_de(filas)

    assert len(filas) > 1
    for dato in NOMBRES_MIRAFLORES + DOCUMENTOS_MIRAFLORES:
        assert dato not in texto
    assert "nombres" not in filas[0]
    assert "nombres_receptor" not in filas[0]


def test_invitado_exporta_documento_enmascarado(cliente_de, invitado_miraflores, distrito_con_datos):
    filas = _exportar(cliente_de(invitado_miraflores), "beneficiarios", "csv")

    columna = filas[0].index("numero_documento")
    assert [fila[columna] for fila in filas[1:]] == ["••••••67"]


def test_invitado_exporta_sin_busqueda_libre(cliente_de, invitado_miraflores, distrito_con_datos):
    filas = _exportar(cliente_de(invitado_miraflores), "potenciales", "csv", q="ZEVALLOS")

    assert len(filas) == 3  # encabezado y los dos hogares: `q` no filtra


# Acceso


@pytest.mark.parametrize("url", [URL, URL_EXPORTAR])
def test_invitado_nacional_rechazado(cliente_de, invitado_nacional, url):
    assert cliente_de(invitado_nacional).get(url).status_code == 403


@pytest.mark.parametrize("url", [URL, URL_EXPORTAR])
def test_operador_rechazado(cliente_de, operador_miraflores, url):
    assert cliente_de(operador_miraflores).get(url).status_code == 403


@pytest.mark.parametrize("url", [URL, URL_EXPORTAR])
def test_sin_sesion_va_al_ingreso(client, url):
    respuesta = client.get(url)

    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("pestana", PESTANAS)
def test_otro_distrito_nunca_aparece(cliente_de, sub_miraflores, distrito_con_datos, pestana):
    _, pagina = _pagina(cliente_de(sub_miraflores), pestana)

    for dato in DATOS_SURCO:
        assert dato not in pagina


@pytest.mark.parametrize("pestana", PESTANAS)
def test_subadministrador_no_abre_otro_distrito(cliente_de, sub_surco, distrito_con_datos, pestana):
    """Con `?distrito=` de otro distrito, el subadministrador sigue viendo el suyo."""
    respuesta, pagina = _pagina(cliente_de(sub_surco), pestana, distrito=MIRAFLORES)

    assert respuesta.context["distrito"].codigo == SURCO
    for dato in NOMBRES_MIRAFLORES + DOCUMENTOS_MIRAFLORES:
        assert dato not in pagina


@pytest.mark.parametrize("pestana", PESTANAS)
def test_subadministrador_no_exporta_otro_distrito(cliente_de, sub_surco, distrito_con_datos, pestana):
    texto = _texto_de(_exportar(cliente_de(sub_surco), pestana, "csv", distrito=MIRAFLORES))

    for dato in NOMBRES_MIRAFLORES + DOCUMENTOS_MIRAFLORES:
        assert dato not in texto
    registro = RegistroAccion.objects.get(accion=RegistroAccion.Accion.EXPORTAR)
    assert registro.distrito_id == SURCO


def test_administrador_sin_distrito_ve_el_formulario(cliente_de, admin):
    respuesta = cliente_de(admin).get(URL)

    assert respuesta.status_code == 200
    assert "reportes/consolidado/elegir_distrito.html" in [t.name for t in respuesta.templates]
    assert 'name="distrito"' in respuesta.content.decode()


def test_administrador_con_ubigeo_inexistente(cliente_de, admin):
    respuesta = cliente_de(admin).get(URL, {"distrito": "999999"})

    assert respuesta.status_code == 200
    assert "No existe un distrito con el ubigeo 999999." in respuesta.content.decode()


def test_administrador_elige_distrito(cliente_de, admin, distrito_con_datos):
    respuesta, pagina = _pagina(cliente_de(admin), "beneficiarios", distrito=MIRAFLORES)

    assert respuesta.context["distrito"].codigo == MIRAFLORES
    assert "PILAR BENAVIDES" in pagina
    assert "JUANA HUAMANCHUMO" not in pagina
    assert f'href="?distrito={MIRAFLORES}&amp;pestana=general"' in pagina


def test_administrador_exporta_sin_distrito_vuelve_al_formulario(cliente_de, admin):
    respuesta = cliente_de(admin).get(URL_EXPORTAR, {"pestana": "potenciales"})

    assert respuesta.status_code == 302
    assert respuesta["Location"] == URL
    assert not RegistroAccion.objects.filter(accion=RegistroAccion.Accion.EXPORTAR).exists()


# Exportaciones


@pytest.mark.parametrize(
    "pestana,modelo", [
        ("potenciales", "beneficiarios.Beneficiario"),
        ("beneficiarios", "entregas.Entrega"),
        ("general", "reportes.Reporte"),
    ],
)
def test_exportacion_queda_auditada(cliente_de, sub_miraflores, distrito_con_datos, pestana, modelo):
    filas = _exportar(cliente_de(sub_miraflores), pestana, "xlsx")

    registro = RegistroAccion.objects.get(accion=RegistroAccion.Accion.EXPORTAR)
    assert registro.usuario == sub_miraflores
    assert registro.modelo == modelo
    assert registro.distrito_id == MIRAFLORES
    assert registro.despues["pestana"] == pestana
    assert registro.despues["formato"] == "xlsx"
    assert registro.despues["filas"] == len(filas) - 1


def test_exportacion_potenciales_trae_nombres_y_programacion(
    cliente_de, sub_miraflores, distrito_con_datos, tipo_nacional
):
    filas = _exportar(cliente_de(sub_miraflores), "potenciales", "csv")

    encabezados = filas[0]
    zevallos = next(fila for fila in filas if "41234567" in fila)
    assert zevallos[encabezados.index("apellido_paterno")] == "ZEVALLOS"
    assert zevallos[encabezados.index("programado_para")] == tipo_nacional.nombre
    assert zevallos[encabezados.index("ubigeo")] == MIRAFLORES


def test_exportacion_general_repite_las_cifras(cliente_de, sub_miraflores, distrito_con_datos, tipo_nacional):
    filas = _exportar(cliente_de(sub_miraflores), "general", "csv")

    encabezados = filas[0]
    assert [fila[0] for fila in filas[1:]] == ["Miraflores", tipo_nacional.nombre]
    assert filas[1][encabezados.index("potenciales")] == "2"
    assert filas[1][encabezados.index("entregas_app")] == "1"
    assert filas[1][encabezados.index("avance_porcentaje")] == "100.0"
    assert filas[2][encabezados.index("potenciales")] == ""  # el padrón no es de un tipo de registro
    assert filas[2][encabezados.index("entregas")] == "1"


def test_exportacion_respeta_los_filtros(cliente_de, sub_miraflores, distrito_con_datos):
    filas = _exportar(cliente_de(sub_miraflores), "potenciales", "csv", estado="baja")

    assert len(filas) == 2
    assert "43456789" in filas[1]


def test_exportacion_con_filtro_invalido_no_descarga(cliente_de, sub_miraflores, distrito_con_datos):
    respuesta = cliente_de(sub_miraflores).get(
        URL_EXPORTAR, {"pestana": "beneficiarios", "desde": "2026-03-09", "hasta": "2026-03-01"}
    )

    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(URL)
    assert not RegistroAccion.objects.filter(accion=RegistroAccion.Accion.EXPORTAR).exists()


def test_exportacion_neutraliza_formulas_en_csv(cliente_de, sub_miraflores, operador_miraflores, tipo_nacional):
    formula = '=HYPERLINK("http://ejemplo.invalid/x","ver")'
    hogar = BeneficiarioFactory(nombres=formula)
    EntregaFactory(beneficiario=hogar, tipo_registro=tipo_nacional, operador=operador_miraflores,
                   nombres_receptor=formula)
    cliente = cliente_de(sub_miraflores)

    potenciales = _exportar(cliente, "potenciales", "csv")
    beneficiarios = _exportar(cliente, "beneficiarios", "csv")

    assert potenciales[1][potenciales[0].index("nombres")] == "'" + formula
    assert beneficiarios[1][beneficiarios[0].index("nombres_receptor")] == "'" + formula


def test_exportacion_xlsx_escribe_formulas_como_texto(cliente_de, sub_miraflores):
    formula = '=HYPERLINK("http://ejemplo.invalid/x","ver")'
    BeneficiarioFactory(nombres=formula)

    respuesta = cliente_de(sub_miraflores).get(URL_EXPORTAR, {"pestana": "potenciales", "formato": "xlsx"})
    hoja = openpyxl.load_workbook(io.BytesIO(b"".join(respuesta.streaming_content))).active
    columna = [celda.value for celda in hoja[1]].index("nombres") + 1

    assert hoja.cell(row=2, column=columna).value == formula
    assert hoja.cell(row=2, column=columna).data_type == "s"


# Menú


def test_menu_muestra_la_vista_consolidada(cliente_de, sub_miraflores, invitado_miraflores, admin):
    for usuario in (sub_miraflores, invitado_miraflores, admin):
        pagina = cliente_de(usuario).get(reverse("inicio")).content.decode()
        assert "Vista consolidada" in pagina, usuario.username


def test_menu_oculta_la_vista_consolidada(cliente_de, invitado_nacional, operador_miraflores):
    for usuario in (invitado_nacional, operador_miraflores):
        pagina = cliente_de(usuario).get(reverse("inicio")).content.decode()
        assert "Vista consolidada" not in pagina, usuario.username


# Consultas


@pytest.mark.parametrize("pestana", ["potenciales", "beneficiarios"])
def test_lista_sin_consultas_por_fila(cliente_de, sub_miraflores, tipo_nacional, django_assert_max_num_queries, pestana):
    """El número de consultas no depende de las filas: 60 hogares programados y atendidos."""
    for hogar in BeneficiarioFactory.create_batch(60):
        Programacion.objects.create(
            beneficiario=hogar, tipo_registro=tipo_nacional, distrito_id=MIRAFLORES,
            fecha_programada=datetime.date(2026, 3, 1), creado_por=sub_miraflores,
        )
        EntregaFactory(beneficiario=hogar, tipo_registro=tipo_nacional, operador=sub_miraflores)
    cliente = cliente_de(sub_miraflores)

    with django_assert_max_num_queries(15):
        _pagina(cliente, pestana)


@pytest.mark.parametrize("parametros", [{"estado": "xyz"}, {"q": "x" * 101}])
def test_exportar_potenciales_con_filtro_invalido_no_exporta_todo(cliente_de, sub_miraflores, distrito_con_datos,
                                                                  parametros):
    from canastas.models import RegistroAccion

    respuesta = cliente_de(sub_miraflores).get(URL_EXPORTAR, {"pestana": "potenciales", "formato": "csv", **parametros})

    assert respuesta.status_code == 302
    assert not RegistroAccion.objects.filter(accion="exportar").exists()
