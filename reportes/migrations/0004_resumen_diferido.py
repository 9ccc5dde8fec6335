"""Permite diferir el resumen de entregas durante una carga masiva y sumarlo al final en una sola vez.

En una base nueva, 0002 ya crea estas funciones; aquí se reemplazan en las bases que corrieron la 0002
anterior.
"""

from django.db import migrations

from reportes.disparadores import ENTREGA, SUMAR_ENTREGAS


class Migration(migrations.Migration):
    dependencies = [("reportes", "0003_tipos_exportacion")]

    operations = [
        migrations.RunSQL(ENTREGA + SUMAR_ENTREGAS, "DROP FUNCTION IF EXISTS reportes_sumar_entregas(text);"),
    ]
