"""Mantenimiento de usuarios por rol: alta, edición, desactivación, enlace de contraseña y auditoría."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from canastas.models import RegistroAccion
from tests.conftest import MIRAFLORES, SURCO, crear_usuario
from usuarios.models import Rol, Usuario

pytestmark = pytest.mark.django_db


def _datos(username, rol, **extra):
    datos = {
        "username": username,
        "first_name": "Rosa",
        "last_name": "Quispe Huamán",
        "email": f"{username}@municipio.pe",
        "dni": "12345678",
        "telefono": "987654321",
        "rol": rol,
    }
    datos.update(extra)
    return datos


def _auditoria(usuario, accion):
    return RegistroAccion.objects.filter(modelo="usuarios.Usuario", objeto_id=str(usuario.pk), accion=accion)


# Lista


def test_lista_admin_ve_todos(cliente_de, admin, sub_miraflores, sub_surco, operador_miraflores):
    respuesta = cliente_de(admin).get(reverse("usuarios:lista"))
    usernames = {u.username for u in respuesta.context["pagina"]}

    assert {"admin", "sub.miraflores", "sub.surco", "operador.miraflores"} <= usernames


def test_lista_sub_solo_su_distrito(cliente_de, admin, sub_miraflores, sub_surco, operador_miraflores):
    crear_usuario("operador.surco", Rol.OPERADOR, SURCO)
    respuesta = cliente_de(sub_miraflores).get(reverse("usuarios:lista"))
    usernames = {u.username for u in respuesta.context["pagina"]}

    assert usernames == {"sub.miraflores", "operador.miraflores"}


def test_lista_busqueda_y_filtros(cliente_de, admin, operador_miraflores, invitado_miraflores):
    cliente = cliente_de(admin)
    crear_usuario("inactivo", Rol.OPERADOR, MIRAFLORES, is_active=False, first_name="Zacarías")

    por_correo = cliente.get(reverse("usuarios:lista"), {"q": "invitado.miraflores@prueba"})
    por_nombre = cliente.get(reverse("usuarios:lista"), {"q": "zacar"})
    por_rol = cliente.get(reverse("usuarios:lista"), {"rol": "operador"})
    inactivos = cliente.get(reverse("usuarios:lista"), {"activo": "no"})

    assert [u.username for u in por_correo.context["pagina"]] == ["invitado.miraflores"]
    assert [u.username for u in por_nombre.context["pagina"]] == ["inactivo"]
    assert {u.username for u in por_rol.context["pagina"]} == {"inactivo", "operador.miraflores"}
    assert [u.username for u in inactivos.context["pagina"]] == ["inactivo"]


def test_lista_paginada(cliente_de, admin):
    for numero in range(55):
        crear_usuario(f"op{numero:02d}", Rol.OPERADOR, MIRAFLORES)
    cliente = cliente_de(admin)

    primera = cliente.get(reverse("usuarios:lista"))
    segunda = cliente.get(reverse("usuarios:lista"), {"pagina": 2})

    assert len(primera.context["pagina"]) == 50
    assert len(segunda.context["pagina"]) == 6


# Alta


def test_admin_crea_subadministrador(cliente_de, admin):
    respuesta = cliente_de(admin).post(
        reverse("usuarios:nuevo"), _datos("sub.lince", Rol.SUBADMINISTRADOR, distrito=SURCO)
    )

    nuevo = Usuario.objects.get(username="sub.lince")
    assert respuesta.status_code == 302
    assert nuevo.rol == Rol.SUBADMINISTRADOR
    assert nuevo.distrito_id == SURCO
    assert not nuevo.has_usable_password()


def test_alta_envia_enlace_de_clave(cliente_de, admin, django_capture_on_commit_callbacks):
    # El correo sale al confirmar la transacción del alta.
    with django_capture_on_commit_callbacks(execute=True):
        cliente_de(admin).post(reverse("usuarios:nuevo"), _datos("sub.lince", Rol.SUBADMINISTRADOR, distrito=SURCO))

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sub.lince@municipio.pe"]
    assert "/cuentas/password/reset/key/" in mail.outbox[0].body


def test_enlace_del_correo_fija_la_clave(cliente_de, admin, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cliente_de(admin).post(reverse("usuarios:nuevo"), _datos("sub.lince", Rol.SUBADMINISTRADOR, distrito=SURCO))
    client.logout()
    enlace = next(linea for linea in mail.outbox[0].body.split() if "/password/reset/key/" in linea)

    formulario = client.get(enlace, follow=True)
    nueva = "Otra-Clave-Segura-2026"
    client.post(formulario.redirect_chain[-1][0], {"password1": nueva, "password2": nueva})

    assert Usuario.objects.get(username="sub.lince").check_password(nueva)


def test_admin_crea_invitado_nacional(cliente_de, admin):
    cliente_de(admin).post(reverse("usuarios:nuevo"), _datos("invitado.minsa", Rol.INVITADO))

    nuevo = Usuario.objects.get(username="invitado.minsa")
    assert nuevo.rol == Rol.INVITADO
    assert nuevo.distrito_id is None


def test_admin_invitado_con_distrito_rechazado(cliente_de, admin):
    respuesta = cliente_de(admin).post(reverse("usuarios:nuevo"), _datos("inv", Rol.INVITADO, distrito=SURCO))

    assert respuesta.status_code == 200
    assert "distrito" in respuesta.context["formulario"].errors
    assert not Usuario.objects.filter(username="inv").exists()


def test_admin_sub_sin_distrito_rechazado(cliente_de, admin):
    respuesta = cliente_de(admin).post(reverse("usuarios:nuevo"), _datos("sub.x", Rol.SUBADMINISTRADOR))

    assert "distrito" in respuesta.context["formulario"].errors
    assert not Usuario.objects.filter(username="sub.x").exists()


@pytest.mark.parametrize("rol", [Rol.ADMINISTRADOR, Rol.OPERADOR])
def test_admin_no_crea_rol_fuera_de_su_alcance(cliente_de, admin, rol):
    distrito = {} if rol == Rol.ADMINISTRADOR else {"distrito": MIRAFLORES}
    respuesta = cliente_de(admin).post(reverse("usuarios:nuevo"), _datos("otro", rol, **distrito))

    assert "rol" in respuesta.context["formulario"].errors
    assert not Usuario.objects.filter(username="otro").exists()


def test_sub_crea_operador_en_su_distrito(cliente_de, sub_miraflores):
    respuesta = cliente_de(sub_miraflores).post(
        reverse("usuarios:nuevo"),
        _datos("op.nuevo", Rol.OPERADOR, distrito=SURCO, is_staff="on", is_superuser="on"),
    )

    nuevo = Usuario.objects.get(username="op.nuevo")
    assert respuesta.status_code == 302
    assert nuevo.distrito_id == MIRAFLORES
    assert not nuevo.is_staff
    assert not nuevo.is_superuser


def test_sub_crea_invitado_de_su_distrito(cliente_de, sub_miraflores):
    cliente_de(sub_miraflores).post(reverse("usuarios:nuevo"), _datos("inv.nuevo", Rol.INVITADO))

    assert Usuario.objects.get(username="inv.nuevo").distrito_id == MIRAFLORES


def test_sub_solo_ve_roles_permitidos(cliente_de, sub_miraflores):
    formulario = cliente_de(sub_miraflores).get(reverse("usuarios:nuevo")).context["formulario"]

    assert [valor for valor, _ in formulario.fields["rol"].choices] == [Rol.OPERADOR, Rol.INVITADO]
    assert "distrito" not in formulario.fields


@pytest.mark.parametrize("rol", [Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR])
def test_sub_no_crea_gestores(cliente_de, sub_miraflores, rol):
    respuesta = cliente_de(sub_miraflores).post(reverse("usuarios:nuevo"), _datos("escalado", rol))

    assert "rol" in respuesta.context["formulario"].errors
    assert not Usuario.objects.filter(username="escalado").exists()


def test_alta_rechaza_correo_repetido(cliente_de, sub_miraflores, operador_miraflores):
    datos = _datos("op.nuevo", Rol.OPERADOR, email="OPERADOR.miraflores@prueba.pe")
    respuesta = cliente_de(sub_miraflores).post(reverse("usuarios:nuevo"), datos)

    assert "email" in respuesta.context["formulario"].errors
    assert not Usuario.objects.filter(username="op.nuevo").exists()


def test_alta_auditada_sin_clave(cliente_de, sub_miraflores):
    cliente_de(sub_miraflores).post(reverse("usuarios:nuevo"), _datos("op.nuevo", Rol.OPERADOR))
    nuevo = Usuario.objects.get(username="op.nuevo")

    registro = _auditoria(nuevo, RegistroAccion.Accion.CREAR).get()
    assert registro.usuario == sub_miraflores
    assert registro.distrito_id == MIRAFLORES
    assert registro.despues["rol"] == Rol.OPERADOR
    assert "password" not in registro.despues


# Edición


def test_sub_edita_operador_de_su_distrito(cliente_de, sub_miraflores, operador_miraflores):
    datos = {"first_name": "Juan", "last_name": "Pérez", "email": "juan@municipio.pe", "dni": "87654321",
             "telefono": "912345678", "distrito": SURCO, "is_superuser": "on", "is_staff": "on"}
    respuesta = cliente_de(sub_miraflores).post(reverse("usuarios:editar", args=[operador_miraflores.pk]), datos)
    operador_miraflores.refresh_from_db()

    assert respuesta.status_code == 302
    assert operador_miraflores.first_name == "Juan"
    assert operador_miraflores.email == "juan@municipio.pe"
    assert operador_miraflores.rol == Rol.OPERADOR
    assert operador_miraflores.distrito_id == MIRAFLORES
    assert not operador_miraflores.is_superuser


def test_edicion_auditada(cliente_de, sub_miraflores, operador_miraflores):
    datos = {"first_name": "Juan", "last_name": "Pérez", "email": operador_miraflores.email}
    cliente_de(sub_miraflores).post(reverse("usuarios:editar", args=[operador_miraflores.pk]), datos)

    registro = _auditoria(operador_miraflores, RegistroAccion.Accion.MODIFICAR).get()
    assert registro.antes == {"first_name": "", "last_name": ""}
    assert registro.despues == {"first_name": "Juan", "last_name": "Pérez"}


def test_admin_cambia_distrito_de_sub(cliente_de, admin, sub_miraflores):
    datos = {"first_name": "Ana", "last_name": "Ríos", "email": sub_miraflores.email, "distrito": SURCO}
    cliente_de(admin).post(reverse("usuarios:editar", args=[sub_miraflores.pk]), datos)
    sub_miraflores.refresh_from_db()

    assert sub_miraflores.distrito_id == SURCO


def test_sub_edita_otro_distrito_404(cliente_de, sub_surco, operador_miraflores):
    respuesta = cliente_de(sub_surco).get(reverse("usuarios:editar", args=[operador_miraflores.pk]))

    assert respuesta.status_code == 404


@pytest.mark.parametrize("nombre", ["usuarios:editar", "usuarios:desactivar"])
def test_sub_no_gestiona_otro_sub_403(cliente_de, sub_miraflores, nombre):
    otro = crear_usuario("sub.miraflores.2", Rol.SUBADMINISTRADOR, MIRAFLORES)

    assert cliente_de(sub_miraflores).get(reverse(nombre, args=[otro.pk])).status_code == 403
    assert cliente_de(sub_miraflores).post(reverse(nombre, args=[otro.pk])).status_code == 403


def test_sub_no_ve_al_administrador(cliente_de, sub_miraflores, admin):
    respuesta = cliente_de(sub_miraflores).get(reverse("usuarios:detalle", args=[admin.pk]))

    assert respuesta.status_code == 404


def test_admin_no_gestiona_otro_admin(cliente_de, admin):
    otro = crear_usuario("admin.2", Rol.ADMINISTRADOR)

    assert cliente_de(admin).get(reverse("usuarios:editar", args=[otro.pk])).status_code == 403


# Desactivación y reactivación


def test_desactivar_pide_confirmacion(cliente_de, sub_miraflores, operador_miraflores):
    respuesta = cliente_de(sub_miraflores).get(reverse("usuarios:desactivar", args=[operador_miraflores.pk]))
    operador_miraflores.refresh_from_db()

    assert respuesta.status_code == 200
    assert operador_miraflores.is_active


def test_desactivar_y_reactivar(cliente_de, sub_miraflores, operador_miraflores):
    cliente = cliente_de(sub_miraflores)

    cliente.post(reverse("usuarios:desactivar", args=[operador_miraflores.pk]))
    operador_miraflores.refresh_from_db()
    assert not operador_miraflores.is_active
    assert Usuario.objects.filter(pk=operador_miraflores.pk).exists()
    assert _auditoria(operador_miraflores, RegistroAccion.Accion.DESACTIVAR).count() == 1

    cliente.post(reverse("usuarios:reactivar", args=[operador_miraflores.pk]))
    operador_miraflores.refresh_from_db()
    assert operador_miraflores.is_active
    reactivacion = _auditoria(operador_miraflores, RegistroAccion.Accion.ACTIVAR).get()
    assert reactivacion.despues == {"is_active": True}


@pytest.mark.parametrize("actor", ["admin", "sub_miraflores"])
def test_nadie_se_desactiva_a_si_mismo(cliente_de, request, actor):
    usuario = request.getfixturevalue(actor)
    respuesta = cliente_de(usuario).post(reverse("usuarios:desactivar", args=[usuario.pk]))
    usuario.refresh_from_db()

    assert respuesta.status_code == 403
    assert usuario.is_active


# Enlace de contraseña


def test_admin_envia_enlace(cliente_de, admin, sub_miraflores):
    respuesta = cliente_de(admin).post(reverse("usuarios:enlace_clave", args=[sub_miraflores.pk]))

    assert respuesta.status_code == 302
    assert [correo.to for correo in mail.outbox] == [[sub_miraflores.email]]


def test_sub_envia_enlace_a_su_operador(cliente_de, sub_miraflores, operador_miraflores):
    cliente_de(sub_miraflores).post(reverse("usuarios:enlace_clave", args=[operador_miraflores.pk]))

    assert [correo.to for correo in mail.outbox] == [[operador_miraflores.email]]


def test_enlace_a_otro_distrito_404(cliente_de, sub_surco, operador_miraflores):
    respuesta = cliente_de(sub_surco).post(reverse("usuarios:enlace_clave", args=[operador_miraflores.pk]))

    assert respuesta.status_code == 404
    assert mail.outbox == []


def test_enlace_a_desactivado_no_se_envia(cliente_de, sub_miraflores):
    inactivo = crear_usuario("op.inactivo", Rol.OPERADOR, MIRAFLORES, is_active=False)
    cliente_de(sub_miraflores).post(reverse("usuarios:enlace_clave", args=[inactivo.pk]))

    assert mail.outbox == []


@pytest.mark.parametrize("actor", ["operador_miraflores", "invitado_miraflores"])
def test_otros_roles_no_crean(cliente_de, request, actor):
    respuesta = cliente_de(request.getfixturevalue(actor)).post(
        reverse("usuarios:nuevo"), _datos("x", Rol.INVITADO)
    )

    assert respuesta.status_code == 403
    assert not Usuario.objects.filter(username="x").exists()


def test_alta_con_correo_fallido_no_da_500(cliente_de, sub_miraflores, monkeypatch):
    """Si el envío del enlace falla, la cuenta queda creada y el error solo va al registro técnico."""
    from usuarios import servicios

    def fallar(**_):
        raise ConnectionRefusedError("SMTP caído")

    monkeypatch.setattr(servicios, "enviar_enlace_clave", fallar)
    with transaction.atomic():
        usuario = servicios.usuario_crear(
            actor=sub_miraflores,
            datos={"username": "op.nuevo", "email": "op.nuevo@prueba.pe", "rol": "operador"},
        )
        # on_commit no corre dentro de la transacción de la prueba: se llama a mano.
        servicios._enviar_enlace_al_crear(usuario, None)

    assert Usuario.objects.filter(username="op.nuevo", is_active=True).exists()
