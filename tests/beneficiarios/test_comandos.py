"""Comandos de gestión: importar_padron, datos_demo, crear_usuarios_demo y el worker de tareas."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from beneficiarios.models import Beneficiario, Importacion
from canastas.demo import FUENTE_DEMO
from tests.beneficiarios.conftest import caso
from usuarios.demo import USUARIOS_DEMO
from usuarios.models import Usuario

pytestmark = pytest.mark.django_db


def test_importar_padron_muestra_conteos_sin_aplicar(admin, capsys):
    call_command("importar_padron", str(caso("17-atomicidad-error-a-mitad.csv")))
    salida = capsys.readouterr().out

    assert "nuevas: 4" in salida
    assert "rechazadas: 2" in salida
    assert "E-MIEMBROS" in salida
    assert Beneficiario.objects.count() == 0


def test_importar_padron_aplica(admin, capsys):
    call_command("importar_padron", str(caso("17-atomicidad-error-a-mitad.csv")), "--aplicar")

    assert "Registrados: 4" in capsys.readouterr().out
    assert Beneficiario.objects.count() == 4


def test_importar_padron_con_distrito(admin):
    call_command("importar_padron", str(caso("08-csv-utf8-bom.csv")), "--distrito", "150132", "--aplicar")

    # Solo la fila de 150132 es de ese distrito; las otras dos se rechazan por jurisdicción.
    assert list(Beneficiario.objects.values_list("distrito_id", flat=True)) == ["150132"]


def test_importar_padron_archivo_rechazado_sale_con_1(admin, capsys):
    with pytest.raises(SystemExit) as salida:
        call_command("importar_padron", str(caso("24-protegido-con-clave.xlsx")))

    assert salida.value.code == 1
    assert "F-CIFRADO" in capsys.readouterr().err
    assert Importacion.objects.count() == 0


def test_datos_demo_es_reproducible_y_no_se_repite():
    call_command("datos_demo", "--beneficiarios", "200")
    primeros = list(Beneficiario.objects.order_by("numero_documento").values_list("apellido_paterno", flat=True))
    call_command("datos_demo", "--beneficiarios", "200")

    assert Beneficiario.objects.filter(fuente=FUENTE_DEMO).count() == 200
    call_command("datos_demo", "--beneficiarios", "200", "--reiniciar")
    segundos = list(Beneficiario.objects.order_by("numero_documento").values_list("apellido_paterno", flat=True))
    assert segundos == primeros


@override_settings(DEBUG=False)
def test_usuarios_demo_no_se_crean_sin_debug():
    call_command("crear_usuarios_demo")

    assert Usuario.objects.count() == 0


@override_settings(DEBUG=True)
def test_usuarios_demo_uno_por_rol(capsys):
    call_command("crear_usuarios_demo")

    assert Usuario.objects.count() == len(USUARIOS_DEMO)
    assert set(Usuario.objects.values_list("rol", flat=True)) == {"administrador", "subadministrador", "operador", "invitado"}
    assert "Canastas-2026" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("ubigeos")
def test_worker_de_la_base_valida_la_carga(cliente_de, sub_miraflores):
    """Con la cola en PostgreSQL la subida solo encola; `db_worker` hace la validación."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    contenido = (
        "tipo_documento,numero_documento,apellido_paterno,nombres,direccion,miembros_hogar\n"
        "DNI,41234567,QUISPE,ROSA,JR. LIMA 1,4\n"
    ).encode()
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        cliente_de(sub_miraflores).post(
            reverse("beneficiarios:importaciones"), {"archivo": SimpleUploadedFile("p.csv", contenido)}
        )
        assert Importacion.objects.get().estado == Importacion.Estado.RECIBIDO

        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    importacion = Importacion.objects.get()
    assert importacion.estado == Importacion.Estado.LISTO
    assert importacion.nuevas == 1
    assert importacion.filas_procesadas == 1
