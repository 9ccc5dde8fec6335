"""El motor de Canastas de punta a punta, con los mismos servicios y pasos que el worker."""

import time
from pathlib import Path

from django.core.files import File
from django.db import connection

from beneficiarios.importacion import servicios
from beneficiarios.models import Beneficiario, ErrorImportacion, FilaPadron, Importacion
from usuarios.models import Rol, Usuario

USUARIO_BENCH = "bench.admin"


def vaciar_padron() -> None:
    """Borra padrón, importaciones y preparación de la base del benchmark, para medir siempre desde cero."""
    tablas = ", ".join(modelo._meta.db_table for modelo in (Beneficiario, FilaPadron, ErrorImportacion, Importacion))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tablas} CASCADE")


def usuario_administrador() -> Usuario:
    usuario, creado = Usuario.objects.get_or_create(
        username=USUARIO_BENCH, defaults={"rol": Rol.ADMINISTRADOR, "is_staff": True, "is_superuser": True}
    )
    if creado:
        usuario.set_unusable_password()
        usuario.save(update_fields=["password"])
    return usuario


def medir_motor(ruta: Path) -> dict:
    """Sube, valida, confirma y aplica `ruta` sin distrito fijo; devuelve tiempos y conteos."""
    usuario = usuario_administrador()

    inicio = time.perf_counter()
    with ruta.open("rb") as flujo:
        importacion = servicios.importacion_crear(
            usuario=usuario, archivo=File(flujo, name=ruta.name), distrito=None, encolar=False
        )
    creada = time.perf_counter()

    importacion = servicios.importacion_validar(importacion.pk)
    validada = time.perf_counter()

    servicios.importacion_confirmar(importacion=importacion, usuario=usuario, encolar=False)
    importacion = servicios.importacion_aplicar(importacion.pk)
    aplicada = time.perf_counter()

    if importacion.estado != Importacion.Estado.APLICADO:
        raise RuntimeError(
            f"La importación {importacion.pk} terminó en estado {importacion.estado!r}, no aplicada: "
            f"{importacion.codigo_error} {importacion.mensaje}"
        )
    return {
        "filas": importacion.total_filas,
        "validas": importacion.validas,
        "rechazadas": importacion.rechazadas,
        "insertadas": importacion.insertadas,
        "segundos": {
            "crear": creada - inicio,
            "validar": validada - creada,
            "aplicar": aplicada - validada,
            "total": aplicada - inicio,
        },
    }
