"""Página del registro de auditoría: alcance por distrito, filtros, exportación y solo lectura."""

import csv
import io

import pytest
from django.urls import reverse

from canastas.auditoria import registrar_accion
from canastas.models import RegistroAccion

pytestmark = pytest.mark.django_db


@pytest.fixture
def registros(sub_miraflores, sub_surco):
    registrar_accion(usuario=sub_miraflores, accion="modificar", modelo="beneficiarios.Beneficiario",
                     objeto_id="11", distrito_id="150122", antes={"direccion": "A"}, despues={"direccion": "B"})
    registrar_accion(usuario=sub_surco, accion="crear", modelo="beneficiarios.Beneficiario",
                     objeto_id="22", distrito_id="150140", detalle="=HYPERLINK(\"x\")")


def test_subadministrador_ve_solo_su_distrito(cliente_de, sub_miraflores, registros):
    respuesta = cliente_de(sub_miraflores).get(reverse("auditoria:lista"))

    ids = [registro.objeto_id for registro in respuesta.context["pagina"]]
    assert ids == ["11"]


def test_administrador_ve_todo(cliente_de, admin, registros):
    respuesta = cliente_de(admin).get(reverse("auditoria:lista"))

    assert respuesta.context["pagina"].paginator.count == 2


def test_filtros_por_accion_y_usuario(cliente_de, admin, registros):
    por_accion = cliente_de(admin).get(reverse("auditoria:lista"), {"accion": "crear"})
    por_usuario = cliente_de(admin).get(reverse("auditoria:lista"), {"usuario": "miraflores"})

    assert [r.objeto_id for r in por_accion.context["pagina"]] == ["22"]
    assert [r.objeto_id for r in por_usuario.context["pagina"]] == ["11"]


def test_rango_de_fechas_invertido_se_explica(cliente_de, admin, registros):
    respuesta = cliente_de(admin).get(reverse("auditoria:lista"), {"desde": "2026-12-10", "hasta": "2026-12-01"})

    assert "posterior" in respuesta.content.decode()


def test_exportacion_csv_neutraliza_y_se_audita(cliente_de, admin, registros):
    respuesta = cliente_de(admin).get(reverse("auditoria:exportar"), {"formato": "csv"})
    contenido = b"".join(respuesta.streaming_content).decode("utf-8-sig")
    filas = list(csv.DictReader(io.StringIO(contenido)))

    detalles = {fila["id_objeto"]: fila["detalle"] for fila in filas}
    assert detalles["22"].startswith("'=")
    assert RegistroAccion.objects.filter(accion="exportar", modelo="canastas.RegistroAccion").count() == 1


def test_exportacion_del_subadministrador_sin_otro_distrito(cliente_de, sub_miraflores, registros):
    respuesta = cliente_de(sub_miraflores).get(reverse("auditoria:exportar"), {"formato": "csv"})
    contenido = b"".join(respuesta.streaming_content).decode("utf-8-sig")

    assert "22" not in [fila["id_objeto"] for fila in csv.DictReader(io.StringIO(contenido))]


def test_registro_no_se_edita_ni_borra(registros):
    registro = RegistroAccion.objects.first()

    registro.detalle = "cambio"
    with pytest.raises(PermissionError):
        registro.save()
    with pytest.raises(PermissionError):
        registro.delete()
