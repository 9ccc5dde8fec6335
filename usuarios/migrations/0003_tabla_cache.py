"""Crea la tabla de la caché en PostgreSQL (CACHES en settings), donde viven los límites de frecuencia.

`migrate` no crea tablas de caché; esta migración llama a `createcachetable`,
que solo crea las que faltan. Revertirla borra la tabla.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def crear_tabla(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def borrar_tabla(apps, schema_editor):
    for cache in settings.CACHES.values():
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
            tabla = schema_editor.connection.ops.quote_name(cache["LOCATION"])
            schema_editor.execute(f"DROP TABLE IF EXISTS {tabla}")


class Migration(migrations.Migration):

    dependencies = [
        ("usuarios", "0002_correo_unico"),
    ]

    operations = [
        migrations.RunPython(crear_tabla, borrar_tabla, elidable=False),
    ]
