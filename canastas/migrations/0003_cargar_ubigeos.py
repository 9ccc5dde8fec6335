"""Carga el catálogo INEI 2025 al migrar, para que toda base (incluida la de pruebas) lo tenga."""

from django.db import migrations


def cargar(apps, schema_editor):
    from canastas.ubigeos import guardar_ubigeos

    guardar_ubigeos(apps)


class Migration(migrations.Migration):
    dependencies = [("canastas", "0002_initial")]

    # Revertir no borra el catálogo: otras tablas lo referencian.
    operations = [migrations.RunPython(cargar, migrations.RunPython.noop)]
