"""Tarea en segundo plano que genera los archivos para entes de control (`manage.py db_worker` la ejecuta)."""

from django_scopes import scopes_disabled
from django_tasks import task


@task()
def generar_archivo(archivo_id: int, ip: str | None = None) -> str:
    from reportes.archivos.servicios import archivo_generar

    # El worker no tiene usuario: el archivo ya fija su distrito o departamento.
    with scopes_disabled():
        return archivo_generar(archivo_id, ip).estado
