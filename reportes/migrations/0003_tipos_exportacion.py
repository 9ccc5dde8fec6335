from django.db import migrations, models


class Migration(migrations.Migration):
    """Agrega las exportaciones de entregas y del padrón a los tipos de archivo generado (solo cambian las opciones)."""

    dependencies = [
        ("reportes", "0002_disparadores"),
    ]

    operations = [
        migrations.AlterField(
            model_name="archivogenerado",
            name="tipo",
            field=models.CharField(
                choices=[
                    ("contraloria", "Archivo Contraloría"),
                    ("indeci", "Archivo INDECI"),
                    ("entregas", "Exportación de entregas"),
                    ("padron", "Exportación del padrón"),
                ],
                max_length=12,
                verbose_name="tipo de archivo",
            ),
        ),
    ]
