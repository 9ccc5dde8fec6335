"""Tareas en segundo plano del padrón (django-tasks; `manage.py db_worker` las ejecuta)."""

from django_scopes import scopes_disabled
from django_tasks import task


@task()
def validar_importacion(importacion_id: int) -> str:
    from beneficiarios.importacion.servicios import importacion_validar

    # El worker no tiene usuario: la importación ya fija su distrito y sus filas.
    with scopes_disabled():
        return importacion_validar(importacion_id).estado


@task()
def aplicar_importacion(importacion_id: int, ip: str | None = None) -> str:
    from beneficiarios.importacion.servicios import importacion_aplicar

    with scopes_disabled():
        return importacion_aplicar(importacion_id, ip).estado


@task()
def limpiar_preparacion(importacion_id: int) -> None:
    from beneficiarios.importacion.preparacion import borrar_filas

    borrar_filas(importacion_id)
