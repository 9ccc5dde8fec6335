"""Ingreso, bloqueo por intentos fallidos, recuperación de contraseña y páginas de inicio por rol."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import CLAVE
from usuarios.models import Usuario

pytestmark = pytest.mark.django_db


def ingresar(client, login, clave=CLAVE):
    return client.post(reverse("account_login"), {"login": login, "password": clave})


def test_ingreso_con_usuario(client, sub_miraflores):
    respuesta = ingresar(client, "sub.miraflores")

    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse("inicio")


def test_ingreso_con_correo(client, sub_miraflores):
    respuesta = ingresar(client, "sub.miraflores@prueba.pe")

    assert respuesta.status_code == 302


def test_clave_errada_mensaje_en_espanol(client, sub_miraflores):
    respuesta = ingresar(client, "sub.miraflores", "no-es-la-clave")

    assert respuesta.status_code == 200
    assert "no son correctos" in respuesta.content.decode()


def test_usuario_inexistente_mismo_mensaje(client, sub_miraflores):
    """Sin enumeración de usuarios: un usuario inexistente recibe el mismo mensaje."""
    inexistente = ingresar(client, "nadie", "no-es-la-clave").content.decode()

    assert "no son correctos" in inexistente


def test_bloqueo_tras_intentos_fallidos(client, sub_miraflores):
    for _ in range(5):
        ingresar(client, "sub.miraflores", "no-es-la-clave")

    respuesta = ingresar(client, "sub.miraflores")

    assert respuesta.status_code == 429
    assert "bloqueado" in respuesta.content.decode()
    assert "_auth_user_id" not in client.session


def test_bloqueo_es_por_usuario(client, sub_miraflores, sub_surco):
    for _ in range(5):
        ingresar(client, "sub.miraflores", "no-es-la-clave")

    assert ingresar(client, "sub.surco").status_code == 302


def test_bloqueo_cuenta_usuario_y_correo_juntos(client, sub_miraflores):
    for _ in range(5):
        ingresar(client, "sub.miraflores", "no-es-la-clave")

    respuesta = ingresar(client, "sub.miraflores@prueba.pe")

    assert respuesta.status_code == 429
    assert "_auth_user_id" not in client.session


def test_recuperar_clave_no_escribe_a_desconocidos(client, sub_miraflores):
    client.post(reverse("account_reset_password"), {"email": "nadie@ejemplo.pe"})

    assert len(mail.outbox) == 0


def test_csrf_vencido_en_espanol(sub_miraflores):
    from django.test import Client

    cliente = Client(enforce_csrf_checks=True)
    respuesta = cliente.post(reverse("account_login"), {"login": "sub.miraflores", "password": CLAVE})

    assert respuesta.status_code == 403
    assert "El formulario venció" in respuesta.content.decode()


def test_usuario_inactivo_no_ingresa(client, sub_miraflores):
    Usuario.objects.filter(pk=sub_miraflores.pk).update(is_active=False)

    respuesta = ingresar(client, "sub.miraflores")

    assert "_auth_user_id" not in client.session
    assert respuesta.status_code in {200, 302}


def test_no_hay_registro_publico(client):
    respuesta = client.get(reverse("account_signup"))

    assert "no se crean desde aquí" in respuesta.content.decode()
    client.post(reverse("account_signup"), {"username": "intruso", "email": "x@x.pe",
                                             "password1": "Clave-larga-123", "password2": "Clave-larga-123"})
    assert not Usuario.objects.filter(username="intruso").exists()


def test_recuperar_clave_envia_correo_en_espanol(client, sub_miraflores):
    client.post(reverse("account_reset_password"), {"email": "sub.miraflores@prueba.pe"})

    assert len(mail.outbox) == 1
    assert "contraseña" in mail.outbox[0].subject.lower()
    assert mail.outbox[0].subject.startswith("[Canastas]")
    assert "Canastas" in mail.outbox[0].body


def test_salir_cierra_sesion(client, sub_miraflores):
    client.force_login(sub_miraflores)

    client.post(reverse("account_logout"))

    assert "_auth_user_id" not in client.session


def test_errores_de_django_en_espanol(cliente_de, sub_miraflores):
    respuesta = cliente_de(sub_miraflores).post(reverse("beneficiarios:importaciones"), {})

    assert "Este campo es obligatorio" in respuesta.content.decode()


def test_admin_en_espanol(cliente_de, admin):
    respuesta = cliente_de(admin).get(reverse("admin:index"))

    assert "Administración de la plataforma" in respuesta.content.decode()
    assert "Beneficiarios" in respuesta.content.decode()


@pytest.mark.parametrize(
    "actor,visibles,ocultos",
    [
        ("admin", ["Padrón", "Cargar padrón", "Reportes", "Administración", "Entregas", "Tipos de registro",
                   "Usuarios"], []),
        ("sub_miraflores", ["Padrón", "Cargar padrón", "Reportes", "Programados", "Entregas", "Mapa", "Usuarios",
                            "Auditoría"],
         ["Administración"]),
        ("operador_miraflores", ["Registrar entrega", "Entregas", "Mapa"],
         ["Padrón", "Cargar padrón", "Reportes", "Administración", "Programados", "Tipos de registro", "Usuarios",
          "Auditoría"]),
        ("invitado_miraflores", ["Padrón", "Reportes", "Entregas"],
         ["Cargar padrón", "Administración", "Mapa", "Usuarios"]),
        ("invitado_nacional", ["Reportes"], ["Padrón", "Cargar padrón", "Administración", "Entregas", "Usuarios"]),
    ],
)
def test_menu_segun_rol(client, request, actor, visibles, ocultos):
    client.force_login(request.getfixturevalue(actor))
    respuesta = client.get(reverse("inicio"))
    textos = [opcion["texto"] for opcion in respuesta.context["menu"]]

    assert respuesta.status_code == 200
    for texto in visibles:
        assert texto in textos
    for texto in ocultos:
        assert texto not in textos


def test_bloqueo_en_la_api_responde_json(client, operador_miraflores, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/v1/_allauth/app/v1/auth/login",
                    {"username": operador_miraflores.username, "password": "equivocada"},
                    content_type="application/json")

    respuesta = client.post("/api/v1/_allauth/app/v1/auth/login",
                            {"username": operador_miraflores.username, "password": "equivocada"},
                            content_type="application/json")

    assert respuesta.status_code == 429
    assert respuesta["Content-Type"] == "application/json"
    assert respuesta.json()["errors"][0]["code"] == "ingreso_bloqueado"
    assert "Espere unos minutos" in respuesta.json()["errors"][0]["message"]
