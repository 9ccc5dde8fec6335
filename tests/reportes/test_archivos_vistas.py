"""Vistas de los archivos para entes de control: pedido, errores del formulario, acceso, lista y descarga."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from canastas.models import Departamento, RegistroAccion
from reportes.archivos.selectores import ultimo_viernes
from reportes.models import ArchivoGenerado
from tests.fabricas import EntregaFactory, TipoRegistroFactory
from tests.reportes.apoyo_archivos import (  # noqa: F401 (fixtures)
    CORTE,
    almacen_temporal,
    contenido,
    contraloria,
    en_lima,
    indeci,
    kit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def entrega_miraflores(sub_miraflores, kit):
    return EntregaFactory(operador=sub_miraflores, tipo_registro=kit, fecha_entrega=en_lima(CORTE, 10))


@pytest.fixture
def archivo_miraflores(sub_miraflores, entrega_miraflores):
    return contraloria(sub_miraflores)


def pedir_contraloria(cliente, **datos):
    datos.setdefault("fecha_corte", CORTE.isoformat())
    datos.setdefault("periodo", "acumulado")
    return cliente.post(reverse("reportes:contraloria"), datos)


# --- Pedido del Archivo Contraloría ---------------------------------------------------------------


def test_contraloria_subadministrador_pide_el_suyo(cliente_de, sub_miraflores, entrega_miraflores):
    respuesta = pedir_contraloria(cliente_de(sub_miraflores))

    archivo = ArchivoGenerado.objects.get()
    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse("reportes:archivo", args=[archivo.pk])
    assert archivo.tipo == ArchivoGenerado.Tipo.CONTRALORIA
    assert archivo.distrito_id == "150122"
    assert archivo.estado == ArchivoGenerado.Estado.LISTO
    assert archivo.totales["canastas"] == 1


def test_contraloria_formulario_sin_distrito_para_subadministrador(cliente_de, sub_miraflores):
    respuesta = cliente_de(sub_miraflores).get(reverse("reportes:contraloria"))

    assert "distrito" not in respuesta.context["formulario"].fields
    assert respuesta.context["formulario"]["fecha_corte"].value() == ultimo_viernes(timezone.localdate())


def test_contraloria_administrador_elige_distrito(cliente_de, admin, entrega_miraflores):
    respuesta = pedir_contraloria(cliente_de(admin), distrito="150122")

    assert respuesta.status_code == 302
    assert ArchivoGenerado.objects.get().distrito_id == "150122"


def test_contraloria_administrador_ubigeo_inexistente(cliente_de, admin):
    respuesta = pedir_contraloria(cliente_de(admin), distrito="999999")

    assert respuesta.status_code == 200
    assert "No existe un distrito con el ubigeo «999999»" in respuesta.content.decode()
    assert ArchivoGenerado.objects.count() == 0


def test_contraloria_rechaza_dia_que_no_es_viernes(cliente_de, sub_miraflores):
    respuesta = pedir_contraloria(cliente_de(sub_miraflores), fecha_corte="2025-05-08")

    assert respuesta.status_code == 200
    assert "El 08/05/2025 no es viernes" in respuesta.content.decode()
    assert "El viernes anterior es el 02/05/2025" in respuesta.content.decode()
    assert ArchivoGenerado.objects.count() == 0


def test_contraloria_rechaza_viernes_futuro(cliente_de, sub_miraflores):
    proximo = ultimo_viernes(timezone.localdate()) + datetime.timedelta(days=7)

    respuesta = pedir_contraloria(cliente_de(sub_miraflores), fecha_corte=proximo.isoformat())

    assert respuesta.status_code == 200
    assert "está en el futuro" in respuesta.content.decode()
    assert ArchivoGenerado.objects.count() == 0


def test_contraloria_avisa_que_saldra_vacio(cliente_de, sub_miraflores, entrega_miraflores):
    respuesta = pedir_contraloria(cliente_de(sub_miraflores), fecha_corte="2025-04-25")
    pagina = cliente_de(sub_miraflores).get(respuesta["Location"]).content.decode()

    assert respuesta.status_code == 302
    assert "El archivo saldrá vacío: la primera entrega de Miraflores es del 09/05/2025" in pagina
    assert ArchivoGenerado.objects.get().totales["canastas"] == 0


def test_contraloria_avisa_distrito_sin_entregas(cliente_de, sub_miraflores):
    respuesta = pedir_contraloria(cliente_de(sub_miraflores))
    pagina = cliente_de(sub_miraflores).get(respuesta["Location"]).content.decode()

    assert "El archivo saldrá vacío: Miraflores aún no registra entregas" in pagina


def test_contraloria_rechaza_tipo_de_otro_distrito(cliente_de, admin):
    de_surco = TipoRegistroFactory(distrito_id="150140", nombre="Canasta municipal de Surco")

    respuesta = pedir_contraloria(cliente_de(admin), distrito="150122", tipo_registro=de_surco.pk)

    assert respuesta.status_code == 200
    assert "es del distrito 150140" in respuesta.content.decode()
    assert ArchivoGenerado.objects.count() == 0


def test_contraloria_precarga_los_filtros(cliente_de, sub_miraflores):
    url = reverse("reportes:contraloria") + "?fecha_corte=2025-05-09&periodo=semana"

    formulario = cliente_de(sub_miraflores).get(url).context["formulario"]

    assert formulario["fecha_corte"].value() == CORTE
    assert formulario["periodo"].value() == "semana"


# --- Pedidos rechazados --------------------------------------------------------------------------


def test_subadministrador_no_pide_otro_distrito(cliente_de, sub_miraflores, entrega_miraflores):
    respuesta = pedir_contraloria(cliente_de(sub_miraflores), distrito="150140")

    assert respuesta.status_code == 403
    assert ArchivoGenerado.objects.count() == 0


def test_subadministrador_no_pide_indeci_de_departamento(cliente_de, sub_miraflores):
    respuesta = cliente_de(sub_miraflores).post(
        reverse("reportes:indeci"), {"ambito": "departamento", "departamento": "15", "fecha_corte": "2025-05-09"}
    )

    assert respuesta.status_code == 403
    assert ArchivoGenerado.objects.count() == 0


@pytest.mark.parametrize("actor", ["operador_miraflores", "invitado_miraflores", "invitado_nacional"])
@pytest.mark.parametrize("nombre", ["reportes:contraloria", "reportes:indeci"])
def test_operador_e_invitado_no_piden(actor, nombre, request, cliente_de, entrega_miraflores):
    cliente = cliente_de(request.getfixturevalue(actor))

    assert cliente.get(reverse(nombre)).status_code == 403
    respuesta = cliente.post(reverse(nombre), {"fecha_corte": "2025-05-09", "periodo": "acumulado"})
    assert respuesta.status_code == 403
    assert ArchivoGenerado.objects.count() == 0


# --- Archivo INDECI --------------------------------------------------------------------------------


def test_indeci_administrador_pide_departamento(cliente_de, admin, entrega_miraflores):
    respuesta = cliente_de(admin).post(
        reverse("reportes:indeci"), {"ambito": "departamento", "departamento": "15", "fecha_corte": "2025-05-09"}
    )

    archivo = ArchivoGenerado.objects.get()
    assert respuesta.status_code == 302
    assert archivo.tipo == ArchivoGenerado.Tipo.INDECI
    assert archivo.departamento_id == "15"
    assert archivo.distrito_id is None
    assert archivo.totales["canastas"] == 1


def test_indeci_administrador_sin_ubigeo(cliente_de, admin):
    respuesta = cliente_de(admin).post(reverse("reportes:indeci"), {"ambito": "distrito", "fecha_corte": "2025-05-09"})

    assert respuesta.status_code == 200
    assert "Escriba el ubigeo del distrito" in respuesta.content.decode()
    assert ArchivoGenerado.objects.count() == 0


def test_indeci_subadministrador_pide_el_suyo(cliente_de, sub_miraflores, entrega_miraflores):
    respuesta = cliente_de(sub_miraflores).post(reverse("reportes:indeci"), {"fecha_corte": "2025-05-08"})

    archivo = ArchivoGenerado.objects.get()
    assert respuesta.status_code == 302
    assert archivo.distrito_id == "150122"
    assert archivo.fecha_corte == datetime.date(2025, 5, 8)


# --- Detalle, estado y descarga ----------------------------------------------------------------------


def test_detalle_muestra_el_manifiesto(cliente_de, sub_miraflores, archivo_miraflores):
    pagina = cliente_de(sub_miraflores).get(reverse("reportes:archivo", args=[archivo_miraflores.pk]))
    texto = pagina.content.decode()

    assert archivo_miraflores.sha256 in texto
    assert "Filas de la hoja BENEFICIARIOS" in texto
    assert "Todas las entregas hasta el 09/05/2025 (acumulado)" in texto
    assert reverse("reportes:archivo_descargar", args=[archivo_miraflores.pk]) in texto


def test_detalle_enlaza_archivo_con_mismo_contenido(cliente_de, sub_miraflores, archivo_miraflores):
    otro = contraloria(sub_miraflores)

    texto = cliente_de(sub_miraflores).get(reverse("reportes:archivo", args=[otro.pk])).content.decode()

    assert "Mismo contenido, byte a byte" in texto
    assert reverse("reportes:archivo", args=[archivo_miraflores.pk]) in texto


def test_estado_en_json(cliente_de, sub_miraflores, archivo_miraflores):
    datos = cliente_de(sub_miraflores).get(reverse("reportes:archivo_estado", args=[archivo_miraflores.pk])).json()

    assert datos == {"estado": "listo", "estado_texto": "Listo", "porcentaje": 100, "en_proceso": False}


def test_descarga_adjunta_sin_cache(cliente_de, sub_miraflores, archivo_miraflores):
    respuesta = cliente_de(sub_miraflores).get(reverse("reportes:archivo_descargar", args=[archivo_miraflores.pk]))

    assert respuesta.status_code == 200
    assert respuesta["Content-Disposition"] == (
        f'attachment; filename="contraloria_150122_corte_2025-05-09_n{archivo_miraflores.pk}.xlsx"'
    )
    assert respuesta["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert respuesta["Cache-Control"] == "private, no-store"
    assert b"".join(respuesta.streaming_content) == contenido(archivo_miraflores)


def test_descarga_queda_en_la_auditoria(cliente_de, sub_miraflores, archivo_miraflores):
    cliente_de(sub_miraflores).get(reverse("reportes:archivo_descargar", args=[archivo_miraflores.pk]))

    registro = RegistroAccion.objects.get(accion=RegistroAccion.Accion.DESCARGAR)
    assert registro.usuario == sub_miraflores
    assert registro.objeto_id == str(archivo_miraflores.pk)
    assert registro.distrito_id == "150122"
    assert registro.despues["sha256"] == archivo_miraflores.sha256


@pytest.mark.parametrize("nombre", ["reportes:archivo", "reportes:archivo_estado", "reportes:archivo_descargar"])
def test_otro_distrito_no_encuentra_el_archivo(nombre, cliente_de, sub_surco, archivo_miraflores):
    respuesta = cliente_de(sub_surco).get(reverse(nombre, args=[archivo_miraflores.pk]))

    assert respuesta.status_code == 404
    assert not RegistroAccion.objects.filter(accion=RegistroAccion.Accion.DESCARGAR).exists()


def test_archivo_de_departamento_solo_para_administrador(cliente_de, admin, sub_miraflores, entrega_miraflores):
    archivo = indeci(admin, departamento=Departamento.objects.get(codigo="15"))
    url = reverse("reportes:archivo", args=[archivo.pk])

    assert cliente_de(sub_miraflores).get(url).status_code == 404
    assert cliente_de(admin).get(url).status_code == 200


def test_archivo_fallido_no_se_descarga(cliente_de, sub_miraflores, archivo_miraflores):
    ArchivoGenerado.objects.filter(pk=archivo_miraflores.pk).update(estado=ArchivoGenerado.Estado.FALLIDO)

    respuesta = cliente_de(sub_miraflores).get(reverse("reportes:archivo_descargar", args=[archivo_miraflores.pk]))

    assert respuesta.status_code == 404


# --- Lista ---------------------------------------------------------------------------------------------


@pytest.fixture
def archivos_de_varios(admin, sub_miraflores, sub_surco, entrega_miraflores):
    return {
        "miraflores": contraloria(sub_miraflores),
        "surco": contraloria(sub_surco, distrito="150140"),
        "lima": indeci(admin, departamento=Departamento.objects.get(codigo="15")),
    }


def test_lista_subadministrador_solo_su_distrito(cliente_de, sub_miraflores, archivos_de_varios):
    pagina = cliente_de(sub_miraflores).get(reverse("reportes:archivos")).context["pagina"]

    assert [archivo.pk for archivo in pagina] == [archivos_de_varios["miraflores"].pk]


def test_lista_administrador_ve_todos(cliente_de, admin, archivos_de_varios):
    pagina = cliente_de(admin).get(reverse("reportes:archivos")).context["pagina"]

    assert {archivo.pk for archivo in pagina} == {archivo.pk for archivo in archivos_de_varios.values()}


def test_lista_filtra_por_tipo_y_ubigeo(cliente_de, admin, archivos_de_varios):
    cliente = cliente_de(admin)

    por_tipo = cliente.get(reverse("reportes:archivos"), {"tipo": "indeci"}).context["pagina"]
    por_ubigeo = cliente.get(reverse("reportes:archivos"), {"distrito": "150140"}).context["pagina"]

    assert [archivo.pk for archivo in por_tipo] == [archivos_de_varios["lima"].pk]
    assert [archivo.pk for archivo in por_ubigeo] == [archivos_de_varios["surco"].pk]


def test_lista_filtra_por_corte(cliente_de, sub_miraflores, archivos_de_varios):
    cliente = cliente_de(sub_miraflores)

    despues = cliente.get(reverse("reportes:archivos"), {"corte_desde": "2025-05-10"}).context["pagina"]
    rango_al_reves = cliente.get(reverse("reportes:archivos"), {"corte_desde": "2025-05-10", "corte_hasta": "2025-05-01"})

    assert list(despues) == []
    assert "posterior a «Corte hasta»" in rango_al_reves.content.decode()


def test_lista_pagina_de_20(cliente_de, sub_miraflores, archivo_miraflores):
    for _ in range(20):
        contraloria(sub_miraflores)

    respuesta = cliente_de(sub_miraflores).get(reverse("reportes:archivos"), {"pagina": 2})

    assert len(respuesta.context["pagina"]) == 1


# --- Menú ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "actor,lo_ve",
    [("admin", True), ("sub_miraflores", True), ("operador_miraflores", False), ("invitado_miraflores", False)],
)
def test_menu_archivos_para_entes_de_control(actor, lo_ve, request, cliente_de):
    pagina = cliente_de(request.getfixturevalue(actor)).get(reverse("inicio")).content.decode()

    assert ("Archivos para entes de control" in pagina) is lo_ve


def test_detalle_en_cola_muestra_la_barra(cliente_de, sub_miraflores):
    archivo = ArchivoGenerado.objects.create(
        tipo=ArchivoGenerado.Tipo.CONTRALORIA, distrito_id="150122", fecha_corte=CORTE,
        parametros={"periodo": "acumulado"}, creado_por=sub_miraflores, progreso=40,
        estado=ArchivoGenerado.Estado.GENERANDO,
    )
    cliente = cliente_de(sub_miraflores)

    texto = cliente.get(reverse("reportes:archivo", args=[archivo.pk])).content.decode()
    estado = cliente.get(reverse("reportes:archivo_estado", args=[archivo.pk])).json()

    assert 'data-en-proceso="1"' in texto
    assert '<progress id="barra" max="100" value="40"' in texto
    assert "Descargar el Excel" not in texto
    assert estado["en_proceso"] is True
    assert estado["porcentaje"] == 40


@pytest.mark.parametrize(("fecha", "periodo"), [("0001-01-05", "semana"), ("0001-01-01", "acumulado"), ("1900-01-05", "semana")])
def test_contraloria_rechaza_corte_anterior_a_2020(cliente_de, sub_miraflores, fecha, periodo):
    respuesta = pedir_contraloria(cliente_de(sub_miraflores), fecha_corte=fecha, periodo=periodo)

    assert respuesta.status_code == 200
    assert "anterior al 01/01/2020" in respuesta.content.decode()
    assert ArchivoGenerado.objects.count() == 0


def test_indeci_rechaza_corte_anterior_a_2020(cliente_de, sub_miraflores):
    respuesta = cliente_de(sub_miraflores).post(reverse("reportes:indeci"), {"fecha_corte": "0001-01-01"})

    assert respuesta.status_code == 200
    assert "anterior al 01/01/2020" in respuesta.content.decode()
    assert ArchivoGenerado.objects.count() == 0


def test_fecha_de_corte_en_iso(cliente_de, sub_miraflores):
    pagina = cliente_de(sub_miraflores).get(reverse("reportes:contraloria"), {"fecha_corte": "2025-05-09"})

    assert 'value="2025-05-09"' in pagina.content.decode()


def test_contraloria_limita_los_archivos_en_preparacion(cliente_de, sub_miraflores, settings):
    settings.CANASTAS_ARCHIVOS_EN_PREPARACION = 2
    for _ in range(2):
        ArchivoGenerado.objects.create(tipo="contraloria", distrito_id=sub_miraflores.distrito_id,
                                       fecha_corte=CORTE, creado_por=sub_miraflores)

    respuesta = pedir_contraloria(cliente_de(sub_miraflores))

    assert respuesta.status_code == 200
    assert "Ya tiene 2 archivos en preparación" in respuesta.content.decode()
    assert ArchivoGenerado.objects.count() == 2
