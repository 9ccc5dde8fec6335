"""Capturas del distrito: lista con filtros, ficha, fotos de evidencia, anulación, mapa y exportación."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_scopes import ScopeError, scope
from PIL import Image

from canastas.models import Distrito, RegistroAccion
from entregas.models import Entrega
from entregas.selectores_capturas import DISTANCIA_MAXIMA_KM, capturas_visibles, distancia_km
from tests.conftest import MIRAFLORES, SURCO, crear_usuario
from tests.entregas.rutas_capturas import foto_jpeg
from tests.fabricas import BeneficiarioFactory, EntregaFactory, TipoRegistroFactory
from usuarios.models import Rol

pytestmark = pytest.mark.django_db

LIMA = timezone.get_fixed_timezone(-300)

# Capital de prueba para Miraflores (el catálogo de ubigeos no trae sus coordenadas).
CAPITAL_MIRAFLORES = ("-12.121100", "-77.029700")


@pytest.fixture(autouse=True)
def almacen_temporal(settings, tmp_path):
    """Las fotos de estas pruebas se guardan en una carpeta temporal, no en la de datos."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "archivos"), "base_url": None},
        },
    }


@pytest.fixture
def operador_surco(db):
    return crear_usuario("operador.surco", Rol.OPERADOR, SURCO)


@pytest.fixture
def otro_operador_miraflores(db):
    return crear_usuario("otro.operador.miraflores", Rol.OPERADOR, MIRAFLORES)


@pytest.fixture
def entrega_del_operador(operador_miraflores):
    """Entrega de Miraflores registrada por el operador de Miraflores, con foto del DNI."""
    return EntregaFactory(operador=operador_miraflores, foto_dni_planilla=foto_jpeg())


@pytest.fixture
def entrega_del_subadministrador(sub_miraflores):
    return EntregaFactory(operador=sub_miraflores)


@pytest.fixture
def entrega_de_surco(operador_surco):
    beneficiario = BeneficiarioFactory(distrito_id=SURCO)
    return EntregaFactory(
        operador=operador_surco, distrito_id=SURCO, beneficiario=beneficiario, foto_dni_planilla=foto_jpeg()
    )


@pytest.fixture
def capital_miraflores():
    Distrito.objects.filter(pk=MIRAFLORES).update(latitud=CAPITAL_MIRAFLORES[0], longitud=CAPITAL_MIRAFLORES[1])


def ids_en_lista(respuesta) -> set[int]:
    return {entrega.pk for entrega in respuesta.context["pagina"].object_list}


def contenido(respuesta) -> bytes:
    return b"".join(respuesta.streaming_content) if respuesta.streaming else respuesta.content


# --- Lista ---------------------------------------------------------------------------------------


def test_lista_subadministrador_ve_solo_su_distrito(
    cliente_de, sub_miraflores, entrega_del_operador, entrega_de_surco
):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:lista"))

    assert respuesta.status_code == 200
    assert ids_en_lista(respuesta) == {entrega_del_operador.pk}


def test_lista_administrador_ve_todos_los_distritos(cliente_de, admin, entrega_del_operador, entrega_de_surco):
    respuesta = cliente_de(admin).get(reverse("entregas:lista"))

    assert ids_en_lista(respuesta) == {entrega_del_operador.pk, entrega_de_surco.pk}


def test_lista_operador_ve_solo_sus_capturas(
    cliente_de, operador_miraflores, entrega_del_operador, entrega_del_subadministrador
):
    respuesta = cliente_de(operador_miraflores).get(reverse("entregas:lista"))

    assert ids_en_lista(respuesta) == {entrega_del_operador.pk}


@pytest.mark.parametrize("actor", ["invitado_miraflores", "invitado_nacional"])
def test_lista_invitado_prohibida(cliente_de, request, actor):
    respuesta = cliente_de(request.getfixturevalue(actor)).get(reverse("entregas:lista"))

    assert respuesta.status_code == 403


def test_lista_muestra_miniatura_por_la_vista_de_evidencia(cliente_de, sub_miraflores, entrega_del_operador):
    pagina = cliente_de(sub_miraflores).get(reverse("entregas:lista")).content.decode()

    url = reverse("entregas:foto", args=[entrega_del_operador.pk, "dni"]) + "?miniatura=1"
    assert url in pagina
    assert "/media/" not in pagina


def test_lista_pagina_de_25(cliente_de, sub_miraflores):
    for _ in range(26):
        EntregaFactory(operador=sub_miraflores)
    cliente = cliente_de(sub_miraflores)

    primera = cliente.get(reverse("entregas:lista"))
    segunda = cliente.get(reverse("entregas:lista"), {"pagina": 2})

    assert len(primera.context["pagina"].object_list) == 25
    assert len(segunda.context["pagina"].object_list) == 1


@pytest.fixture
def entregas_variadas(sub_miraflores, operador_miraflores):
    """Cuatro entregas de Miraflores que difieren en fecha, operador, tipo, origen y estado."""
    tipo_otro = TipoRegistroFactory(nombre="Canasta segunda entrega")
    return {
        "antigua": EntregaFactory(operador=sub_miraflores, fecha_entrega=datetime.datetime(2020, 4, 2, 10, tzinfo=LIMA)),
        # 23:30 en Lima ya es el día siguiente en UTC: el filtro por día usa la hora de Lima.
        "noche": EntregaFactory(operador=sub_miraflores, fecha_entrega=datetime.datetime(2020, 4, 10, 23, 30, tzinfo=LIMA)),
        "del_operador": EntregaFactory(operador=operador_miraflores, origen=Entrega.Origen.APP,
                                       fecha_entrega=datetime.datetime(2020, 4, 11, 9, tzinfo=LIMA)),
        "otro_tipo": EntregaFactory(operador=sub_miraflores, tipo_registro=tipo_otro,
                                    origen=Entrega.Origen.CARGA_MASIVA, estado=Entrega.Estado.OBSERVADA,
                                    fecha_entrega=datetime.datetime(2020, 4, 12, 9, tzinfo=LIMA)),
    }


def test_lista_filtra_por_rango_de_fechas(cliente_de, sub_miraflores, entregas_variadas):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:lista"), {"desde": "2020-04-10", "hasta": "2020-04-11"})

    assert ids_en_lista(respuesta) == {entregas_variadas["noche"].pk, entregas_variadas["del_operador"].pk}


def test_lista_filtra_por_dia_en_hora_de_lima(cliente_de, sub_miraflores, entregas_variadas):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:lista"), {"desde": "2020-04-10", "hasta": "2020-04-10"})

    assert ids_en_lista(respuesta) == {entregas_variadas["noche"].pk}


def test_lista_filtra_por_operador(cliente_de, sub_miraflores, operador_miraflores, entregas_variadas):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:lista"), {"operador": operador_miraflores.pk})

    assert ids_en_lista(respuesta) == {entregas_variadas["del_operador"].pk}


def test_lista_filtra_por_tipo_de_registro(cliente_de, sub_miraflores, entregas_variadas):
    tipo = entregas_variadas["otro_tipo"].tipo_registro_id
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:lista"), {"tipo_registro": tipo})

    assert ids_en_lista(respuesta) == {entregas_variadas["otro_tipo"].pk}


@pytest.mark.parametrize(
    "parametros,esperadas",
    [
        ({"origen": "app"}, {"del_operador"}),
        ({"origen": "carga_masiva"}, {"otro_tipo"}),
        ({"origen": "web"}, {"antigua", "noche"}),
        ({"estado": "observada"}, {"otro_tipo"}),
        ({"estado": "valida", "origen": "web"}, {"antigua", "noche"}),
    ],
)
def test_lista_filtra_por_origen_y_estado(cliente_de, sub_miraflores, entregas_variadas, parametros, esperadas):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:lista"), parametros)

    assert ids_en_lista(respuesta) == {entregas_variadas[nombre].pk for nombre in esperadas}


def test_lista_fechas_invertidas_muestran_error(cliente_de, sub_miraflores, entregas_variadas):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:lista"), {"desde": "2020-04-12", "hasta": "2020-04-01"})

    assert "La fecha final es anterior a la inicial." in respuesta.content.decode()


def test_filtro_operador_no_ofrece_usuarios_de_otro_distrito(
    cliente_de, sub_miraflores, entrega_del_operador, entrega_de_surco, operador_surco
):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:lista"), {"operador": operador_surco.pk})

    assert "operador" in respuesta.context["filtro"].errors
    assert ids_en_lista(respuesta) == {entrega_del_operador.pk}


def test_selector_sin_alcance_falla(operador_miraflores):
    with pytest.raises(ScopeError):
        with scope():
            list(capturas_visibles(usuario=operador_miraflores))


# --- Ficha ---------------------------------------------------------------------------------------


def test_detalle_muestra_horas_autor_origen_e_historial(cliente_de, sub_miraflores, entrega_del_operador):
    entrega_del_operador.fecha_entrega = datetime.datetime(2020, 4, 10, 8, 15, 30, tzinfo=LIMA)
    entrega_del_operador.save()
    cliente = cliente_de(sub_miraflores)
    cliente.get(reverse("entregas:foto", args=[entrega_del_operador.pk, "dni"]))

    respuesta = cliente.get(reverse("entregas:detalle", args=[entrega_del_operador.pk]))
    pagina = respuesta.content.decode()

    assert respuesta.status_code == 200
    assert "10/04/2020 08:15:30" in pagina
    assert timezone.localtime(entrega_del_operador.registrado).strftime("%d/%m/%Y %H:%M:%S") in pagina
    assert "operador.miraflores" in pagina
    assert "Web" in pagina
    assert reverse("entregas:foto", args=[entrega_del_operador.pk, "dni"]) in pagina
    assert "Descargar archivo" in pagina


def test_detalle_de_otro_distrito_responde_404(cliente_de, sub_miraflores, entrega_de_surco):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:detalle", args=[entrega_de_surco.pk]))

    assert respuesta.status_code == 404


def test_detalle_de_otro_operador_responde_404(cliente_de, otro_operador_miraflores, entrega_del_operador):
    respuesta = cliente_de(otro_operador_miraflores).get(reverse("entregas:detalle", args=[entrega_del_operador.pk]))

    assert respuesta.status_code == 404


def test_detalle_propio_del_operador_sin_botones_de_anular(cliente_de, operador_miraflores, entrega_del_operador):
    respuesta = cliente_de(operador_miraflores).get(reverse("entregas:detalle", args=[entrega_del_operador.pk]))

    assert respuesta.status_code == 200
    assert reverse("entregas:anular", args=[entrega_del_operador.pk]) not in respuesta.content.decode()


def test_detalle_mapa_sin_scripts_en_linea(cliente_de, sub_miraflores, capital_miraflores):
    entrega = EntregaFactory(operador=sub_miraflores, latitud="-12.120000", longitud="-77.030000")

    pagina = cliente_de(sub_miraflores).get(reverse("entregas:detalle", args=[entrega.pk])).content.decode()

    assert 'data-punto-lat="-12.120000"' in pagina
    assert 'data-capital-lat="-12.121100"' in pagina
    assert "<script>" not in pagina
    assert "/static/vendor/leaflet/leaflet.js" in pagina


# --- Fotos de evidencia --------------------------------------------------------------------------


def test_foto_cabeceras_y_contenido(cliente_de, sub_miraflores, entrega_del_operador):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:foto", args=[entrega_del_operador.pk, "dni"]))
    entrega_del_operador.foto_dni_planilla.open("rb")
    guardado = entrega_del_operador.foto_dni_planilla.read()

    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "image/jpeg"
    assert respuesta["Content-Disposition"] == f'inline; filename="entrega-{entrega_del_operador.pk}-dni.jpg"'
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert respuesta["Cache-Control"] == "private, no-store"
    assert contenido(respuesta) == guardado


def test_foto_queda_en_auditoria(cliente_de, sub_miraflores, entrega_del_operador):
    cliente_de(sub_miraflores).get(reverse("entregas:foto", args=[entrega_del_operador.pk, "dni"]))

    registro = RegistroAccion.objects.get(accion=RegistroAccion.Accion.DESCARGAR)
    assert registro.usuario == sub_miraflores
    assert registro.objeto_id == str(entrega_del_operador.pk)
    assert registro.distrito_id == MIRAFLORES


def test_foto_por_defecto_es_dni(cliente_de, sub_miraflores, entrega_del_operador):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:foto", args=[entrega_del_operador.pk]))

    assert respuesta.status_code == 200
    assert respuesta["Content-Disposition"].startswith('inline; filename="entrega-')


def test_miniatura_es_jpeg_reducido_sin_auditar(cliente_de, sub_miraflores, entrega_del_operador):
    url = reverse("entregas:foto", args=[entrega_del_operador.pk, "dni"])
    respuesta = cliente_de(sub_miraflores).get(url, {"miniatura": "1"})
    imagen = Image.open(io.BytesIO(respuesta.content))

    assert respuesta["Content-Type"] == "image/jpeg"
    assert respuesta["Cache-Control"] == "private, no-store"
    assert max(imagen.size) <= 160
    assert not RegistroAccion.objects.filter(accion=RegistroAccion.Accion.DESCARGAR).exists()


def test_foto_invitado_prohibida(cliente_de, invitado_miraflores, entrega_del_operador):
    respuesta = cliente_de(invitado_miraflores).get(reverse("entregas:foto", args=[entrega_del_operador.pk, "dni"]))

    assert respuesta.status_code == 403


def test_foto_de_otro_distrito_responde_404(cliente_de, sub_miraflores, entrega_de_surco):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:foto", args=[entrega_de_surco.pk, "dni"]))

    assert respuesta.status_code == 404
    assert not RegistroAccion.objects.filter(accion=RegistroAccion.Accion.DESCARGAR).exists()


def test_foto_de_otro_operador_responde_404(cliente_de, otro_operador_miraflores, entrega_del_operador):
    url = reverse("entregas:foto", args=[entrega_del_operador.pk, "dni"])

    assert cliente_de(otro_operador_miraflores).get(url).status_code == 404


def test_foto_propia_del_operador(cliente_de, operador_miraflores, entrega_del_operador):
    url = reverse("entregas:foto", args=[entrega_del_operador.pk, "dni"])

    assert cliente_de(operador_miraflores).get(url).status_code == 200


def test_foto_persona_sin_consentimiento_responde_404(cliente_de, sub_miraflores):
    entrega = EntregaFactory(operador=sub_miraflores, foto_beneficiario=foto_jpeg("persona.jpg"),
                             consentimiento_foto=False)

    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:foto", args=[entrega.pk, "persona"]))

    assert respuesta.status_code == 404


def test_foto_persona_con_consentimiento(cliente_de, sub_miraflores):
    entrega = EntregaFactory(operador=sub_miraflores, foto_beneficiario=foto_jpeg("persona.jpg"),
                             consentimiento_foto=True)

    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:foto", args=[entrega.pk, "persona"]))

    assert respuesta.status_code == 200


@pytest.mark.parametrize(
    "sufijo",
    ["foto/planilla/", "foto/..%2F..%2Fsecret_key/", "foto/../../../secret_key", "foto/%2e%2e/%2e%2e/secret_key/"],
)
def test_foto_rutas_ajenas_responden_404(cliente_de, sub_miraflores, entrega_del_operador, sufijo):
    url = f"{reverse('entregas:detalle', args=[entrega_del_operador.pk])}{sufijo}"

    respuesta = cliente_de(sub_miraflores).get(url)

    assert respuesta.status_code == 404


def test_foto_que_no_es_imagen_sale_como_binario(cliente_de, sub_miraflores):
    falsa = ContentFile(b"<html><script>alert(1)</script></html>", name="dni.jpg")
    entrega = EntregaFactory(operador=sub_miraflores, foto_dni_planilla=falsa)

    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:foto", args=[entrega.pk, "dni"]))

    assert respuesta["Content-Type"] == "application/octet-stream"
    assert respuesta["Content-Disposition"].endswith('-dni.bin"')
    assert respuesta["X-Content-Type-Options"] == "nosniff"


def test_foto_ausente_responde_404(cliente_de, sub_miraflores, entrega_del_subadministrador):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:foto", args=[entrega_del_subadministrador.pk, "dni"]))

    assert respuesta.status_code == 404


# --- Anular y observar ---------------------------------------------------------------------------


def anular(cliente, entrega, motivo="Registrada dos veces por error"):
    return cliente.post(reverse("entregas:anular", args=[entrega.pk]), {"motivo": motivo})


def test_anular_pide_confirmacion(cliente_de, sub_miraflores, entrega_del_operador):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:anular", args=[entrega_del_operador.pk]))

    assert respuesta.status_code == 200
    assert 'name="motivo"' in respuesta.content.decode()
    assert Entrega.objects.get(pk=entrega_del_operador.pk).estado == Entrega.Estado.VALIDA


def test_anular_cambia_estado_y_guarda_motivo(cliente_de, sub_miraflores, entrega_del_operador):
    respuesta = anular(cliente_de(sub_miraflores), entrega_del_operador)
    entrega = Entrega.objects.get(pk=entrega_del_operador.pk)

    assert respuesta.status_code == 302
    assert entrega.estado == Entrega.Estado.ANULADA
    assert "Registrada dos veces por error" in entrega.observaciones
    assert "sub.miraflores" in entrega.observaciones


def test_anular_queda_en_auditoria_con_antes_y_despues(cliente_de, sub_miraflores, entrega_del_operador):
    anular(cliente_de(sub_miraflores), entrega_del_operador)

    registro = RegistroAccion.objects.get(accion=RegistroAccion.Accion.ANULAR)
    assert registro.usuario == sub_miraflores
    assert registro.objeto_id == str(entrega_del_operador.pk)
    assert registro.antes["estado"] == "valida"
    assert registro.despues["estado"] == "anulada"
    assert registro.detalle == "Registrada dos veces por error"


def test_anulada_sigue_legible_en_lista_y_ficha(cliente_de, sub_miraflores, entrega_del_operador):
    cliente = cliente_de(sub_miraflores)
    anular(cliente, entrega_del_operador)

    lista = cliente.get(reverse("entregas:lista"), {"estado": "anulada"})
    ficha = cliente.get(reverse("entregas:detalle", args=[entrega_del_operador.pk])).content.decode()

    assert ids_en_lista(lista) == {entrega_del_operador.pk}
    assert "Registrada dos veces por error" in ficha


def test_anular_libera_el_lugar_del_hogar(cliente_de, sub_miraflores, entrega_del_operador):
    duplicado = {"beneficiario": entrega_del_operador.beneficiario, "tipo_registro": entrega_del_operador.tipo_registro}
    with pytest.raises(IntegrityError), transaction.atomic():
        EntregaFactory(operador=sub_miraflores, **duplicado)

    anular(cliente_de(sub_miraflores), entrega_del_operador)
    nueva = EntregaFactory(operador=sub_miraflores, **duplicado)

    assert nueva.pk is not None
    assert Entrega.objects.filter(**duplicado).count() == 2


def test_anular_dos_veces_se_rechaza(cliente_de, sub_miraflores, entrega_del_operador):
    cliente = cliente_de(sub_miraflores)
    anular(cliente, entrega_del_operador)

    respuesta = anular(cliente, entrega_del_operador, motivo="Otra vez")

    assert respuesta.status_code == 200
    assert "está anulada" in respuesta.content.decode()
    assert RegistroAccion.objects.filter(accion=RegistroAccion.Accion.ANULAR).count() == 1
    assert "Otra vez" not in Entrega.objects.get(pk=entrega_del_operador.pk).observaciones


@pytest.mark.parametrize("motivo", ["", "   "])
def test_anular_sin_motivo_se_rechaza(cliente_de, sub_miraflores, entrega_del_operador, motivo):
    respuesta = anular(cliente_de(sub_miraflores), entrega_del_operador, motivo=motivo)

    assert respuesta.status_code == 200
    assert Entrega.objects.get(pk=entrega_del_operador.pk).estado == Entrega.Estado.VALIDA
    assert not RegistroAccion.objects.filter(accion=RegistroAccion.Accion.ANULAR).exists()


def test_anular_operador_prohibido(cliente_de, operador_miraflores, entrega_del_operador):
    respuesta = anular(cliente_de(operador_miraflores), entrega_del_operador)

    assert respuesta.status_code == 403
    assert Entrega.objects.get(pk=entrega_del_operador.pk).estado == Entrega.Estado.VALIDA


def test_anular_otro_distrito_responde_404(cliente_de, sub_surco, entrega_del_operador):
    respuesta = anular(cliente_de(sub_surco), entrega_del_operador)

    assert respuesta.status_code == 404
    assert Entrega.objects.get(pk=entrega_del_operador.pk).estado == Entrega.Estado.VALIDA


def test_administrador_anula_en_cualquier_distrito(cliente_de, admin, entrega_de_surco):
    anular(cliente_de(admin), entrega_de_surco)

    assert Entrega.objects.get(pk=entrega_de_surco.pk).estado == Entrega.Estado.ANULADA


def test_observar_cambia_estado_y_audita(cliente_de, sub_miraflores, entrega_del_operador):
    url = reverse("entregas:observar", args=[entrega_del_operador.pk])
    respuesta = cliente_de(sub_miraflores).post(url, {"motivo": "La firma de la planilla no se lee"})
    entrega = Entrega.objects.get(pk=entrega_del_operador.pk)
    registro = RegistroAccion.objects.get(objeto_id=str(entrega.pk), accion=RegistroAccion.Accion.OBSERVAR)

    assert respuesta.status_code == 302
    assert entrega.estado == Entrega.Estado.OBSERVADA
    assert "La firma de la planilla no se lee" in entrega.observaciones
    assert registro.antes["estado"] == "valida"
    assert registro.despues["estado"] == "observada"


def test_observada_se_puede_anular(cliente_de, sub_miraflores, entrega_del_operador):
    cliente = cliente_de(sub_miraflores)
    cliente.post(reverse("entregas:observar", args=[entrega_del_operador.pk]), {"motivo": "Revisar"})

    anular(cliente, entrega_del_operador)

    assert Entrega.objects.get(pk=entrega_del_operador.pk).estado == Entrega.Estado.ANULADA


def test_observar_anulada_se_rechaza(cliente_de, sub_miraflores, entrega_del_operador):
    cliente = cliente_de(sub_miraflores)
    anular(cliente, entrega_del_operador)

    respuesta = cliente.post(reverse("entregas:observar", args=[entrega_del_operador.pk]), {"motivo": "Revisar"})

    assert respuesta.status_code == 200
    assert Entrega.objects.get(pk=entrega_del_operador.pk).estado == Entrega.Estado.ANULADA


def test_observaciones_previas_se_conservan(cliente_de, sub_miraflores):
    entrega = EntregaFactory(operador=sub_miraflores, observaciones="Entregada a la hija mayor")

    anular(cliente_de(sub_miraflores), entrega)

    assert Entrega.objects.get(pk=entrega.pk).observaciones.startswith("Entregada a la hija mayor\n")


# --- Exportación ---------------------------------------------------------------------------------


def exportar(cliente, formato, **filtros):
    return cliente.get(reverse("entregas:exportar"), {"formato": formato, **filtros})


@pytest.fixture
def entrega_con_formulas(sub_miraflores):
    return EntregaFactory(
        operador=sub_miraflores,
        nombres_receptor='=HYPERLINK("http://ejemplo.invalid/x","ver")',
        direccion="-MZ. B LT. 5",
        observaciones="@SUMA(A1)",
        fecha_entrega=datetime.datetime(2020, 4, 10, 23, 30, tzinfo=LIMA),
    )


def test_exportacion_csv_neutraliza_formulas(cliente_de, sub_miraflores, entrega_con_formulas):
    respuesta = exportar(cliente_de(sub_miraflores), "csv")
    filas = list(csv.DictReader(io.StringIO(contenido(respuesta).decode("utf-8-sig"))))

    assert respuesta["Content-Type"] == "text/csv; charset=utf-8"
    assert filas[0]["nombres_receptor"] == "'=HYPERLINK(\"http://ejemplo.invalid/x\",\"ver\")"
    assert filas[0]["direccion"] == "'-MZ. B LT. 5"
    assert filas[0]["observaciones"] == "'@SUMA(A1)"


def test_exportacion_csv_hora_de_lima(cliente_de, sub_miraflores, entrega_con_formulas):
    respuesta = exportar(cliente_de(sub_miraflores), "csv")
    filas = list(csv.DictReader(io.StringIO(contenido(respuesta).decode("utf-8-sig"))))

    assert filas[0]["fecha_entrega"] == "10/04/2020 23:30"


def test_exportacion_xlsx_sin_formulas(cliente_de, sub_miraflores, entrega_con_formulas):
    datos = contenido(exportar(cliente_de(sub_miraflores), "xlsx"))
    with zipfile.ZipFile(io.BytesIO(datos)) as libro:
        hoja_xml = libro.read("xl/worksheets/sheet1.xml").decode()
    hoja = openpyxl.load_workbook(io.BytesIO(datos)).active
    encabezados = [celda.value for celda in hoja[1]]
    receptor = hoja.cell(row=2, column=encabezados.index("nombres_receptor") + 1)

    assert "<f>" not in hoja_xml
    assert receptor.data_type == "s"
    assert receptor.value.startswith("=HYPERLINK")


def test_exportacion_respeta_distrito_y_filtros(cliente_de, sub_miraflores, entregas_variadas, entrega_de_surco):
    respuesta = exportar(cliente_de(sub_miraflores), "csv", origen="web")
    filas = list(csv.DictReader(io.StringIO(contenido(respuesta).decode("utf-8-sig"))))

    assert {int(fila["id"]) for fila in filas} == {entregas_variadas["antigua"].pk, entregas_variadas["noche"].pk}


def test_exportacion_queda_en_auditoria(cliente_de, sub_miraflores, entregas_variadas):
    exportar(cliente_de(sub_miraflores), "xlsx", estado="observada")

    registro = RegistroAccion.objects.get(accion=RegistroAccion.Accion.EXPORTAR)
    assert registro.modelo == "entregas.Entrega"
    assert registro.usuario == sub_miraflores
    assert registro.distrito_id == MIRAFLORES
    assert registro.despues["filas"] == 1
    assert registro.despues["filtros"]["estado"] == "observada"


def test_exportacion_con_filtro_invalido_vuelve_a_la_lista(cliente_de, sub_miraflores, entregas_variadas):
    respuesta = exportar(cliente_de(sub_miraflores), "csv", desde="2020-04-12", hasta="2020-04-01")

    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("entregas:lista"))
    assert not RegistroAccion.objects.filter(accion=RegistroAccion.Accion.EXPORTAR).exists()


def test_exportacion_operador_prohibida(cliente_de, operador_miraflores):
    assert exportar(cliente_de(operador_miraflores), "csv").status_code == 403


# --- Mapa ----------------------------------------------------------------------------------------


def test_distancia_de_un_grado_de_latitud():
    assert distancia_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.19, abs=0.01)


def test_distancia_mismo_punto_es_cero():
    assert distancia_km(-12.1211, -77.0297, -12.1211, -77.0297) == 0.0


@pytest.fixture
def puntos_miraflores(sub_miraflores, capital_miraflores):
    """Una entrega cerca de la capital, una a unos 40 km y una sin GPS."""
    return {
        "cerca": EntregaFactory(operador=sub_miraflores, latitud="-12.125000", longitud="-77.030000"),
        "lejos": EntregaFactory(operador=sub_miraflores, latitud="-12.480000", longitud="-77.029700"),
        "sin_gps": EntregaFactory(operador=sub_miraflores),
    }


def datos_del_mapa(cliente, **filtros) -> dict:
    return cliente.get(reverse("entregas:mapa_datos"), filtros).json()


def test_mapa_datos_es_geojson_del_distrito(cliente_de, sub_miraflores, puntos_miraflores, entrega_de_surco):
    entrega_de_surco.latitud, entrega_de_surco.longitud = "-12.140000", "-77.000000"
    entrega_de_surco.save()

    datos = datos_del_mapa(cliente_de(sub_miraflores))
    ids = {punto["properties"]["id"] for punto in datos["features"]}

    assert datos["type"] == "FeatureCollection"
    assert ids == {puntos_miraflores["cerca"].pk, puntos_miraflores["lejos"].pk}
    assert datos["sin_gps"] == 1


def test_mapa_datos_coordenadas_en_orden_geojson(cliente_de, sub_miraflores, puntos_miraflores):
    datos = datos_del_mapa(cliente_de(sub_miraflores))
    cerca = next(p for p in datos["features"] if p["properties"]["id"] == puntos_miraflores["cerca"].pk)

    assert cerca["geometry"]["coordinates"] == [-77.03, -12.125]


def test_mapa_marca_punto_lejano(cliente_de, sub_miraflores, puntos_miraflores):
    datos = datos_del_mapa(cliente_de(sub_miraflores))
    lejanas = {p["properties"]["id"]: p["properties"]["lejana"] for p in datos["features"]}
    distancias = {p["properties"]["id"]: p["properties"]["distancia_km"] for p in datos["features"]}

    assert lejanas[puntos_miraflores["lejos"].pk] is True
    assert lejanas[puntos_miraflores["cerca"].pk] is False
    assert distancias[puntos_miraflores["lejos"].pk] > DISTANCIA_MAXIMA_KM
    assert distancias[puntos_miraflores["cerca"].pk] < DISTANCIA_MAXIMA_KM


def test_mapa_lista_los_puntos_lejanos(cliente_de, sub_miraflores, puntos_miraflores):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:mapa"))
    lejanos = [punto.pk for punto in respuesta.context["puntos"].lejanos]

    assert lejanos == [puntos_miraflores["lejos"].pk]
    assert 'class="punto-lejano"' in respuesta.content.decode()


def test_mapa_sin_capital_conocida_no_marca_lejanos(cliente_de, sub_miraflores):
    EntregaFactory(operador=sub_miraflores, latitud="-5.000000", longitud="-80.000000")

    datos = datos_del_mapa(cliente_de(sub_miraflores))

    assert datos["features"][0]["properties"]["lejana"] is False


def test_mapa_datos_respetan_filtros(cliente_de, sub_miraflores, puntos_miraflores):
    Entrega.objects.filter(pk=puntos_miraflores["lejos"].pk).update(estado=Entrega.Estado.OBSERVADA)

    datos = datos_del_mapa(cliente_de(sub_miraflores), estado="valida")

    assert [p["properties"]["id"] for p in datos["features"]] == [puntos_miraflores["cerca"].pk]


def test_mapa_datos_operador_solo_los_suyos(cliente_de, operador_miraflores, puntos_miraflores):
    propia = EntregaFactory(operador=operador_miraflores, latitud="-12.120000", longitud="-77.030000")

    datos = datos_del_mapa(cliente_de(operador_miraflores))

    assert [p["properties"]["id"] for p in datos["features"]] == [propia.pk]


def test_mapa_pagina_sin_scripts_en_linea_ni_cdn(cliente_de, sub_miraflores, capital_miraflores):
    pagina = cliente_de(sub_miraflores).get(reverse("entregas:mapa")).content.decode()

    assert "<script>" not in pagina
    assert "unpkg" not in pagina
    assert "/static/vendor/leaflet/leaflet.js" in pagina
    assert "/static/js/mapa.js" in pagina
    assert f'data-url="{reverse("entregas:mapa_datos")}"' in pagina
    assert 'data-capital-lat="-12.121100"' in pagina


def test_mapa_sin_tiles_por_defecto(cliente_de, sub_miraflores, settings):
    if hasattr(settings, "CANASTAS_MAPA_TILES"):
        del settings.CANASTAS_MAPA_TILES

    pagina = cliente_de(sub_miraflores).get(reverse("entregas:mapa")).content.decode()

    assert 'data-tiles=""' in pagina


def test_mapa_usa_tiles_configurados(cliente_de, sub_miraflores, settings):
    settings.CANASTAS_MAPA_TILES = "https://mosaicos.ejemplo.invalid/{z}/{x}/{y}.png"

    pagina = cliente_de(sub_miraflores).get(reverse("entregas:mapa")).content.decode()

    assert 'data-tiles="https://mosaicos.ejemplo.invalid/{z}/{x}/{y}.png"' in pagina


def test_mapa_invitado_prohibido(cliente_de, invitado_miraflores):
    assert cliente_de(invitado_miraflores).get(reverse("entregas:mapa_datos")).status_code == 403


def test_miniatura_de_archivo_no_imagen_responde_404(cliente_de, sub_miraflores):
    falsa = ContentFile(b"%PDF-1.7 no es una foto", name="dni.jpg")
    entrega = EntregaFactory(operador=sub_miraflores, foto_dni_planilla=falsa)

    url = reverse("entregas:foto", args=[entrega.pk, "dni"])
    respuesta = cliente_de(sub_miraflores).get(url, {"miniatura": "1"})

    assert respuesta.status_code == 404


def test_invitado_ve_entregas_enmascaradas(client, invitado_miraflores, operador_miraflores):
    from tests.fabricas import BeneficiarioFactory, EntregaFactory

    hogar = BeneficiarioFactory(numero_documento="41234567", apellido_paterno="ZEVALLOS")
    EntregaFactory(beneficiario=hogar, operador=operador_miraflores, nombres_receptor="ROSA ZEVALLOS")
    EntregaFactory(distrito_id="150140", beneficiario=BeneficiarioFactory(distrito_id="150140"),
                   operador=operador_miraflores)
    client.force_login(invitado_miraflores)

    respuesta = client.get(reverse("entregas:consulta"))
    pagina = respuesta.content.decode()

    assert respuesta.context["pagina"].paginator.count == 1
    assert "••••••67" in pagina
    assert "41234567" not in pagina
    assert "ZEVALLOS" not in pagina
    assert "<img" not in pagina
