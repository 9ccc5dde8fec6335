from django.apps import apps
from django.core.management.base import BaseCommand

from canastas.ubigeos import guardar_ubigeos


class Command(BaseCommand):
    help = "Carga o actualiza departamentos, provincias y distritos (INEI 2025). Se puede repetir sin efectos."

    def handle(self, *args, **options):
        departamentos, provincias, distritos = guardar_ubigeos(apps)
        self.stdout.write(
            f"Ubigeos cargados: {departamentos} departamentos, {provincias} provincias, {distritos} distritos."
        )
