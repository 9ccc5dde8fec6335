"""Ayudas de la suite de seguridad: URLs de las tablas del barrido y una foto de la base para ver que nada cambió."""

from django.apps import apps
from django.urls import reverse

from tests.plataforma.rutas import A, I, O, S
from tests.plataforma.test_barrido_permisos import OBJETOS, OBJETOS_TERRITORIALES, RUTAS, _nombres_de_urls

# Apps del proyecto cuyas filas no debe tocar un intento rechazado (el territorio no cambia nunca).
APPS_DEL_PROYECTO = ("canastas", "usuarios", "beneficiarios", "entregas", "reportes")
MODELOS_FIJOS = {"canastas.departamento", "canastas.provincia", "canastas.distrito"}

# Campos que ningún formulario de la plataforma debe aceptar del POST.
CAMPOS_PROHIBIDOS = {
    "rol": "administrador",
    "distrito": "150140",
    "distrito_id": "150140",
    "is_staff": "on",
    "is_superuser": "on",
    "is_active": "on",
    "estado": "anulada",
    "operador": "1",
    "operador_id": "1",
    "usuario": "1",
    "usuario_id": "1",
    "creado_por": "1",
    "groups": "1",
    "user_permissions": "1",
}

ACTOR_POR_ROL = {A: "admin", S: "sub_miraflores", O: "operador_miraflores", I: "invitado_miraflores"}


def foto_de_la_base() -> dict:
    """Todas las filas de los modelos del proyecto, por modelo y ordenadas por clave primaria."""
    foto = {}
    for modelo in apps.get_models():
        etiqueta = modelo._meta.label_lower
        if modelo._meta.app_label not in APPS_DEL_PROYECTO or etiqueta in MODELOS_FIJOS:
            continue
        # _base_manager no lleva alcance por distrito: ve todas las filas.
        foto[etiqueta] = list(modelo._base_manager.order_by("pk").values())
    return foto


def rutas_por_nombre() -> dict:
    """Primera fila de cada nombre de URL en las tablas del barrido de permisos."""
    por_nombre = {}
    for ruta in RUTAS:
        por_nombre.setdefault(ruta.nombre, ruta)
    return por_nombre


def nombres_de_urls() -> list[str]:
    return sorted(set(_nombres_de_urls()))


def url_de(ruta, objeto) -> str:
    if not ruta.objeto:
        return reverse(ruta.nombre)
    clave = objeto if isinstance(objeto, str) else objeto.pk
    return reverse(ruta.nombre, args=[clave])


def es_de_distrito(ruta) -> bool:
    return bool(ruta.objeto) and ruta.objeto not in OBJETOS_TERRITORIALES


def actor_permitido(ruta) -> str:
    """Fixture del actor de Miraflores que la tabla deja usar la ruta: primero el subadministrador."""
    for rol in (S, A, O, I):
        if rol in ruta.roles:
            return ACTOR_POR_ROL[rol]
    raise AssertionError(f"La ruta {ruta.nombre} no admite ningún rol")


__all__ = ["OBJETOS", "RUTAS", "CAMPOS_PROHIBIDOS"]
