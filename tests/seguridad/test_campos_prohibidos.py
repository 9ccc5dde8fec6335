"""Campos prohibidos en el POST (rol, distrito, is_staff, estado, operador…): ningún formulario los acepta.

Cada URL de las tablas del barrido que recibe POST, más los formularios de alta y edición,
se envía por un actor permitido de Miraflores con esos campos agregados. Después ningún
usuario ganó privilegios ni cambió de rol o distrito, y ninguna fila pasó a Surco.
"""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.conftest import MIRAFLORES, SURCO
from tests.seguridad.apoyo import (APPS_DEL_PROYECTO, CAMPOS_PROHIBIDOS, OBJETOS, RUTAS, actor_permitido,
                                   foto_de_la_base, url_de)
from usuarios.models import Usuario

pytestmark = pytest.mark.django_db

# Formularios GET + POST con datos válidos: el POST se acepta, así se prueba que los campos extra se ignoran.
FORMULARIOS = [
    ("usuarios:nuevo", "sub_miraflores", None, {"username": "op.nuevo", "first_name": "Rosa", "last_name": "Quispe",
                                                "email": "op.nuevo@municipio.pe", "dni": "12345678",
                                                "telefono": "987654321", "rol": "operador"}),
    ("usuarios:editar", "sub_miraflores", "usuario", {"first_name": "Rosa", "last_name": "Quispe",
                                                       "email": "operador.objeto@prueba.pe"}),
    ("beneficiarios:corregir", "sub_miraflores", "beneficiario", {}),
    ("entregas:tipos_nuevo", "sub_miraflores", None, {}),
]
RUTAS_POST = [ruta for ruta in RUTAS if ruta.metodo == "post"]


def _privilegios() -> list:
    return list(Usuario.objects.order_by("pk").values_list("pk", "rol", "distrito_id", "is_staff", "is_superuser"))


def _filas_en_surco() -> dict:
    cuentas = {}
    for modelo in apps.get_models():
        if modelo._meta.app_label not in APPS_DEL_PROYECTO:
            continue
        campos = {campo.name for campo in modelo._meta.get_fields()}
        if "distrito" in campos:
            cuentas[modelo._meta.label] = modelo._base_manager.filter(distrito_id=SURCO).count()
    return cuentas


def _revisar_invariantes(privilegios_antes, surco_antes) -> None:
    privilegios = {pk: resto for pk, *resto in _privilegios()}
    for pk, *resto in privilegios_antes:
        assert privilegios[pk] == resto, f"el usuario {pk} cambió de rol, distrito o privilegios"
    nuevos = [fila for pk, *fila in _privilegios() if pk not in {p for p, *_ in privilegios_antes}]
    assert all(not staff and not superuser and rol != "administrador" for rol, _, staff, superuser in nuevos)
    assert _filas_en_surco() == surco_antes


@pytest.mark.parametrize("ruta", RUTAS_POST, ids=[r.nombre for r in RUTAS_POST])
def test_post_con_campos_prohibidos(ruta, request, client, sub_miraflores):
    objeto = OBJETOS[ruta.objeto](sub_miraflores) if ruta.objeto else None
    client.force_login(request.getfixturevalue(actor_permitido(ruta)))
    privilegios, surco = _privilegios(), _filas_en_surco()

    respuesta = client.post(url_de(ruta, objeto), {**dict(ruta.datos), **CAMPOS_PROHIBIDOS})

    assert respuesta.status_code < 500
    _revisar_invariantes(privilegios, surco)
    if objeto is not None and hasattr(objeto, "distrito_id"):
        # Quitar un programado borra su fila; si sigue, sigue en Miraflores.
        fila = type(objeto)._base_manager.filter(pk=objeto.pk).values_list("distrito_id", flat=True).first()
        assert fila in (None, MIRAFLORES)


@pytest.mark.parametrize("nombre,actor,clave,datos", FORMULARIOS, ids=[f[0] for f in FORMULARIOS])
def test_formulario_con_campos_prohibidos(nombre, actor, clave, datos, request, client, sub_miraflores):
    objeto = OBJETOS[clave](sub_miraflores) if clave else None
    url = reverse(nombre, args=[objeto.pk]) if objeto is not None else reverse(nombre)
    client.force_login(request.getfixturevalue(actor))
    privilegios, surco = _privilegios(), _filas_en_surco()

    respuesta = client.post(url, {**datos, **CAMPOS_PROHIBIDOS, "rol": datos.get("rol", "administrador")})

    assert respuesta.status_code < 500
    _revisar_invariantes(privilegios, surco)


def test_alta_valida_ignora_campos_prohibidos(client, sub_miraflores):
    nombre, actor, _, datos = FORMULARIOS[0]
    client.force_login(sub_miraflores)

    respuesta = client.post(reverse(nombre), {**CAMPOS_PROHIBIDOS, **datos})
    nuevo = Usuario.objects.get(username="op.nuevo")

    assert respuesta.status_code == 302
    assert nuevo.distrito_id == MIRAFLORES
    assert not nuevo.is_staff
    assert not nuevo.is_superuser
    assert nuevo.user_permissions.count() == 0
    assert nuevo.groups.count() == 0


def test_post_rechazado_deja_la_base_igual(client, sub_surco, sub_miraflores):
    # Control de las invariantes: un POST rechazado deja la base igual.
    objeto = OBJETOS["usuario"](sub_miraflores)
    client.force_login(sub_surco)
    antes = foto_de_la_base()

    client.post(reverse("usuarios:editar", args=[objeto.pk]), CAMPOS_PROHIBIDOS)

    assert foto_de_la_base() == antes
