"""Tareas en segundo plano de la carga masiva de entregas (django-tasks; `manage.py db_worker` las ejecuta)."""

from django_scopes import scopes_disabled
from django_tasks import task


@task()
def validar_carga(importacion_id: int) -> str:
    from entregas.carga.servicios import carga_validar

    # El worker no tiene usuario: la carga ya fija su distrito.
    with scopes_disabled():
        return carga_validar(importacion_id).estado


@task()
def aplicar_carga(importacion_id: int, ip: str | None = None) -> str:
    from entregas.carga.servicios import carga_aplicar

    # entrega_registrar activa dentro el alcance del distrito de quien confirmó.
    with scopes_disabled():
        return carga_aplicar(importacion_id, ip).estado
