"""Cambio de rol y distrito según el rol del editor, correo único sin distinguir mayúsculas y sesiones inactivas."""

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from canastas.models import RegistroAccion
from tests.conftest import MIRAFLORES, SURCO, crear_usuario
from usuarios import servicios
from usuarios.models import Rol, Usuario

RAIZ = Path(__file__).resolve().parents[2]


def _datos_edicion(usuario, **cambios) -> dict:
    datos = {"first_name": "Rosa", "last_name": "Quispe", "email": usuario.email, "dni": "", "telefono": ""}
    datos.update(cambios)
    return datos


def _editar(cliente, usuario, **cambios):
    return cliente.post(reverse("usuarios:editar", args=[usuario.pk]), _datos_edicion(usuario, **cambios))


# Rol y distrito según quién edita


@pytest.mark.django_db
def test_sub_cambia_operador_a_invitado(cliente_de, sub_miraflores, operador_miraflores):
    respuesta = _editar(cliente_de(sub_miraflores), operador_miraflores, rol=Rol.INVITADO)
    operador_miraflores.refresh_from_db()
    registro = RegistroAccion.objects.get(objeto_id=str(operador_miraflores.pk), accion=RegistroAccion.Accion.MODIFICAR)

    assert respuesta.status_code == 302
    assert operador_miraflores.rol == Rol.INVITADO
    assert operador_miraflores.distrito_id == MIRAFLORES
    assert registro.antes["rol"] == Rol.OPERADOR
    assert registro.despues["rol"] == Rol.INVITADO


@pytest.mark.django_db
def test_sub_cambia_invitado_a_operador(cliente_de, sub_miraflores, invitado_miraflores):
    _editar(cliente_de(sub_miraflores), invitado_miraflores, rol=Rol.OPERADOR)
    invitado_miraflores.refresh_from_db()

    assert invitado_miraflores.rol == Rol.OPERADOR


@pytest.mark.django_db
@pytest.mark.parametrize("rol", [Rol.SUBADMINISTRADOR, Rol.ADMINISTRADOR])
def test_sub_no_eleva_rol(cliente_de, sub_miraflores, operador_miraflores, rol):
    respuesta = _editar(cliente_de(sub_miraflores), operador_miraflores, rol=rol, first_name="Cambiado")
    operador_miraflores.refresh_from_db()

    assert respuesta.status_code == 200
    assert "rol" in respuesta.context["formulario"].errors
    assert operador_miraflores.rol == Rol.OPERADOR
    assert operador_miraflores.first_name == ""


@pytest.mark.django_db
def test_sub_no_cambia_distrito(cliente_de, sub_miraflores, operador_miraflores):
    respuesta = _editar(cliente_de(sub_miraflores), operador_miraflores, distrito=SURCO, distrito_id=SURCO)
    operador_miraflores.refresh_from_db()

    assert respuesta.status_code == 302
    assert operador_miraflores.distrito_id == MIRAFLORES


@pytest.mark.django_db
def test_servicio_rechaza_rol_no_asignable(sub_miraflores, operador_miraflores):
    with pytest.raises(PermissionDenied):
        servicios.usuario_modificar(actor=sub_miraflores, usuario=operador_miraflores,
                                    datos={"rol": Rol.SUBADMINISTRADOR})

    operador_miraflores.refresh_from_db()
    assert operador_miraflores.rol == Rol.OPERADOR


@pytest.mark.django_db
def test_servicio_ignora_distrito_del_sub(sub_miraflores, operador_miraflores):
    servicios.usuario_modificar(actor=sub_miraflores, usuario=operador_miraflores,
                                datos={"distrito_id": SURCO, "is_staff": True, "is_superuser": True})

    operador_miraflores.refresh_from_db()
    assert operador_miraflores.distrito_id == MIRAFLORES
    assert not operador_miraflores.is_staff
    assert not operador_miraflores.is_superuser


@pytest.mark.django_db
def test_admin_mueve_operador_a_otro_distrito(cliente_de, admin, operador_miraflores):
    respuesta = _editar(cliente_de(admin), operador_miraflores, rol=Rol.OPERADOR, distrito=SURCO)
    operador_miraflores.refresh_from_db()

    assert respuesta.status_code == 302
    assert operador_miraflores.distrito_id == SURCO


@pytest.mark.django_db
def test_admin_baja_sub_a_operador(cliente_de, admin, sub_miraflores):
    _editar(cliente_de(admin), sub_miraflores, rol=Rol.OPERADOR, distrito=MIRAFLORES)
    sub_miraflores.refresh_from_db()

    assert sub_miraflores.rol == Rol.OPERADOR


@pytest.mark.django_db
def test_admin_operador_sin_distrito_se_rechaza(cliente_de, admin, invitado_nacional):
    respuesta = _editar(cliente_de(admin), invitado_nacional, rol=Rol.OPERADOR, distrito="")
    invitado_nacional.refresh_from_db()

    assert respuesta.status_code == 200
    assert "distrito" in respuesta.context["formulario"].errors
    assert invitado_nacional.rol == Rol.INVITADO


@pytest.mark.django_db
def test_admin_invitado_nacional_pasa_a_operador(cliente_de, admin, invitado_nacional):
    _editar(cliente_de(admin), invitado_nacional, rol=Rol.OPERADOR, distrito=SURCO)
    invitado_nacional.refresh_from_db()

    assert invitado_nacional.rol == Rol.OPERADOR
    assert invitado_nacional.distrito_id == SURCO


@pytest.mark.django_db
def test_admin_no_asigna_administrador(cliente_de, admin, sub_miraflores):
    respuesta = _editar(cliente_de(admin), sub_miraflores, rol=Rol.ADMINISTRADOR, distrito="", is_staff="on")
    sub_miraflores.refresh_from_db()

    assert respuesta.status_code == 200
    assert sub_miraflores.rol == Rol.SUBADMINISTRADOR
    assert not sub_miraflores.is_staff
    with pytest.raises(PermissionDenied):
        servicios.usuario_modificar(actor=admin, usuario=sub_miraflores, datos={"rol": Rol.ADMINISTRADOR})


@pytest.mark.django_db
def test_formulario_ofrece_roles_del_editor(cliente_de, sub_miraflores, operador_miraflores):
    respuesta = cliente_de(sub_miraflores).get(reverse("usuarios:editar", args=[operador_miraflores.pk]))
    formulario = respuesta.context["formulario"]

    assert [valor for valor, _ in formulario.fields["rol"].choices] == [Rol.OPERADOR, Rol.INVITADO]
    assert "distrito" not in formulario.fields


# Correo único sin distinguir mayúsculas


@pytest.mark.django_db
def test_correo_repetido_en_mayusculas_error_de_formulario(cliente_de, sub_miraflores, operador_miraflores):
    datos = {"username": "op.nuevo", "first_name": "Rosa", "last_name": "Quispe", "dni": "12345678",
             "telefono": "987654321", "rol": Rol.OPERADOR, "email": operador_miraflores.email.upper()}

    respuesta = cliente_de(sub_miraflores).post(reverse("usuarios:nuevo"), datos)

    assert respuesta.status_code == 200
    assert "Ya existe un usuario con el correo" in str(respuesta.context["formulario"].errors["email"])
    assert not Usuario.objects.filter(username="op.nuevo").exists()


@pytest.mark.django_db
def test_editar_a_correo_ajeno_error_de_formulario(cliente_de, sub_miraflores, operador_miraflores, invitado_miraflores):
    respuesta = _editar(cliente_de(sub_miraflores), operador_miraflores, email=invitado_miraflores.email.title())
    operador_miraflores.refresh_from_db()

    assert respuesta.status_code == 200
    assert "email" in respuesta.context["formulario"].errors
    assert operador_miraflores.email == "operador.miraflores@prueba.pe"


@pytest.mark.django_db
def test_base_rechaza_correo_repetido(sub_miraflores):
    with pytest.raises(IntegrityError), transaction.atomic():
        Usuario.objects.create(username="otro", email="SUB.Miraflores@PRUEBA.pe", rol=Rol.INVITADO)


@pytest.mark.django_db
def test_base_admite_varios_correos_vacios():
    Usuario.objects.create(username="sin.correo.1", email="", rol=Rol.INVITADO)
    Usuario.objects.create(username="sin.correo.2", email="", rol=Rol.INVITADO)

    assert Usuario.objects.filter(email="").count() == 2


def _esperar_bloqueo(limite_s: float = 10.0) -> bool:
    """Espera a que otra conexión quede esperando un bloqueo de fila o índice (a lo más `limite_s`)."""
    fin = time.monotonic() + limite_s
    while time.monotonic() < fin:
        with connection.cursor() as cursor:
            # Dentro de una transacción, pg_stat_activity repite su primera foto si no se descarta.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_correo_repetido_en_carrera_es_error_de_validacion():
    # Otra petición guarda el mismo correo entre la consulta de full_clean() y el INSERT.
    admin = crear_usuario("admin.carrera", Rol.ADMINISTRADOR)
    datos = {"username": "invitado.b", "email": "Carrera@Prueba.pe", "first_name": "B", "last_name": "B",
             "rol": Rol.INVITADO, "distrito_id": None}
    resultado = {}

    def crear_en_paralelo():
        try:
            servicios.usuario_crear(actor=admin, datos=datos)
        except Exception as error:  # se examina en el hilo principal
            resultado["error"] = error
        finally:
            connection.close()

    with transaction.atomic():
        Usuario.objects.create(username="invitado.a", email="carrera@prueba.pe", rol=Rol.INVITADO)
        hilo = threading.Thread(target=crear_en_paralelo)
        hilo.start()
        bloqueado = _esperar_bloqueo()
    hilo.join(timeout=30)

    assert bloqueado, f"el segundo INSERT no llegó a esperar el índice único: {resultado!r}"
    assert isinstance(resultado.get("error"), ValidationError)
    assert "email" in resultado["error"].message_dict
    assert not Usuario.objects.filter(username="invitado.b").exists()


# Sesión inactiva


def _vencer_sesion(cliente, *, minutos_inactiva: int) -> None:
    """Deja la sesión del cliente como si su última petición hubiera sido hace `minutos_inactiva` minutos."""
    ultima_peticion = timezone.now() - timedelta(minutes=minutos_inactiva)
    vence = ultima_peticion + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    Session.objects.filter(session_key=cliente.session.session_key).update(expire_date=vence)


def test_sesion_por_defecto_30_minutos():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.django_db
def test_sesion_inactiva_mas_del_limite_vuelve_al_ingreso(cliente_de, sub_miraflores):
    cliente = cliente_de(sub_miraflores)
    assert cliente.get(reverse("inicio")).status_code == 200

    _vencer_sesion(cliente, minutos_inactiva=31)
    respuesta = cliente.get(reverse("usuarios:lista"))

    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_sesion_inactiva_menos_del_limite_sigue(cliente_de, sub_miraflores):
    cliente = cliente_de(sub_miraflores)
    cliente.get(reverse("inicio"))

    _vencer_sesion(cliente, minutos_inactiva=29)
    respuesta = cliente.get(reverse("usuarios:lista"))
    sesion = Session.objects.get(session_key=cliente.session.session_key)

    assert respuesta.status_code == 200
    # La petición renovó el plazo: vuelve a quedar a unos 30 minutos.
    assert sesion.expire_date > timezone.now() + timedelta(minutes=29)


def test_minutos_de_sesion_configurables():
    entorno = {**os.environ, "CANASTAS_SESION_MINUTOS": "10"}
    entorno.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    codigo = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"

    resultado = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", codigo],
        cwd=RAIZ, env=entorno, capture_output=True, text=True, timeout=120,
    )

    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stdout.strip() == "600"
