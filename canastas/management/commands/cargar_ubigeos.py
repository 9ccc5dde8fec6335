from django.core.management.base import BaseCommand
from django.db import transaction

from canastas.models import Departamento, Distrito, Provincia
from canastas.ubigeos import ubigeos_del_nivel


class Command(BaseCommand):
    help = "Carga o actualiza departamentos, provincias y distritos (INEI 2025). Se puede repetir sin efectos."

    def handle(self, *args, **options):
        with transaction.atomic():
            departamentos = self._guardar(
                Departamento, ubigeos_del_nivel("departamentos"), lambda u: {}
            )
            provincias = self._guardar(
                Provincia, ubigeos_del_nivel("provincias"), lambda u: {"departamento_id": u.codigo[:2]}
            )
            distritos = self._guardar(
                Distrito, ubigeos_del_nivel("distritos"), lambda u: {"provincia_id": u.codigo[:4]}
            )

        self.stdout.write(
            f"Ubigeos cargados: {departamentos} departamentos, {provincias} provincias, {distritos} distritos."
        )

    def _guardar(self, modelo, ubigeos, padre) -> int:
        filas = [
            modelo(codigo=u.codigo, nombre=u.nombre, latitud=u.latitud, longitud=u.longitud, **padre(u))
            for u in ubigeos
        ]
        campos = ["nombre", "latitud", "longitud", *padre(ubigeos[0]).keys()]
        modelo.objects.bulk_create(
            filas, update_conflicts=True, unique_fields=["codigo"], update_fields=campos
        )
        return modelo.objects.count()
