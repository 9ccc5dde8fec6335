import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django_scopes import scopes_disabled

from beneficiarios.models import Beneficiario
from canastas.demo import FUENTE_DEMO, hogares_demo
from canastas.models import Distrito
from canastas.texto import texto_busqueda
from usuarios.demo import DISTRITO_DEMO, OTRO_DISTRITO_DEMO

COLUMNAS = [
    "distrito_id", "tipo_documento", "numero_documento", "apellido_paterno", "apellido_materno", "nombres",
    "fecha_nacimiento", "sexo", "telefono", "direccion", "referencia", "centro_poblado", "miembros_hogar",
    "es_adulto_mayor", "tiene_discapacidad", "es_gestante", "fuente", "estado", "busqueda", "creado", "modificado",
]


class Command(BaseCommand):
    help = (
        "Crea hogares de demostración (documentos 70000000 en adelante) sobre ubigeos reales. "
        "Si ya existen, no hace nada salvo que se pida --reiniciar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--beneficiarios", type=int, default=3000, help="Cantidad de hogares a generar.")
        parser.add_argument("--semilla", type=int, default=2020, help="Semilla del generador (mismos datos cada vez).")
        parser.add_argument("--reiniciar", action="store_true", help="Borra los hogares de demostración y los crea de nuevo.")

    def handle(self, *args, beneficiarios, semilla, reiniciar, **options):
        if beneficiarios < 0 or beneficiarios > 10_000_000:
            raise CommandError("--beneficiarios debe estar entre 0 y 10000000.")

        with scopes_disabled():
            existentes = Beneficiario.objects.filter(fuente=FUENTE_DEMO)
            if existentes.exists() and not reiniciar:
                self.stdout.write(f"Ya hay {existentes.count()} hogares de demostración; use --reiniciar para rehacerlos.")
                return
            inicio = time.monotonic()
            with transaction.atomic():
                existentes.delete()
                self._copiar(beneficiarios, semilla)

        segundos = time.monotonic() - inicio
        self.stdout.write(self.style.SUCCESS(f"{beneficiarios} hogares de demostración creados en {segundos:.1f} s."))

    def _distritos(self) -> list[str]:
        # La mitad de los hogares va a los distritos de los usuarios de demostración.
        otros = list(Distrito.objects.order_by("codigo").values_list("codigo", flat=True)[::7])
        return [DISTRITO_DEMO, OTRO_DISTRITO_DEMO] * (len(otros) // 2) + otros

    def _copiar(self, cantidad: int, semilla: int) -> None:
        from django.utils import timezone

        ahora = timezone.now()
        tabla = Beneficiario._meta.db_table
        # Antes del COPY: mientras está abierto, la conexión no admite otra consulta.
        distritos = self._distritos()
        with connection.cursor() as cursor, cursor.copy(f"COPY {tabla} ({', '.join(COLUMNAS)}) FROM STDIN") as copia:
            for hogar in hogares_demo(cantidad, distritos, semilla=semilla):
                busqueda = texto_busqueda(
                    hogar["apellido_paterno"], hogar["apellido_materno"], hogar["nombres"], hogar["numero_documento"]
                )
                copia.write_row((
                    hogar["distrito_id"], hogar["tipo_documento"], hogar["numero_documento"],
                    hogar["apellido_paterno"], hogar["apellido_materno"], hogar["nombres"],
                    hogar["fecha_nacimiento"], hogar["sexo"], hogar["telefono"], hogar["direccion"], "", "",
                    hogar["miembros_hogar"], hogar["es_adulto_mayor"], False, False, FUENTE_DEMO, "activo",
                    busqueda, ahora, ahora,
                ))
