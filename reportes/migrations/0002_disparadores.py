"""Disparadores que mantienen el resumen de reportes al día; el SQL y su explicación están en
`reportes/disparadores.py`."""

from django.db import migrations

from reportes.disparadores import BORRAR, CREAR, LLENAR, VACIAR


class Migration(migrations.Migration):
    dependencies = [
        ("reportes", "0001_resumen"),
        ("beneficiarios", "0004_sin_indice_distrito_beneficiario"),
        ("entregas", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(CREAR, BORRAR),
        migrations.RunSQL(LLENAR, VACIAR),
    ]
