"""Rehace el resumen de reportes desde el detalle, o solo comprueba que cuadre (`--verificar`)."""

import time

from django.core.management.base import BaseCommand, CommandError

from reportes.servicios import resumen_diferencias, resumen_recalcular


class Command(BaseCommand):
    help = "Rehace el resumen de reportes desde las tablas de detalle, o comprueba que cuadre."

    def add_arguments(self, parser):
        parser.add_argument(
            "--verificar", action="store_true", help="Solo compara el resumen con el detalle; no cambia nada."
        )

    def handle(self, *args, verificar=False, **opciones):
        inicio = time.monotonic()
        if not verificar:
            resumen_recalcular()
            self.stdout.write(f"Resumen reconstruido en {time.monotonic() - inicio:.1f} s.")

        diferencias = resumen_diferencias()
        if diferencias:
            for tabla, filas in diferencias.items():
                self.stderr.write(f"{tabla}: {len(filas)} filas no cuadran, p. ej. {filas[0]}")
            raise CommandError("El resumen no cuadra con el detalle.")
        self.stdout.write(self.style.SUCCESS("El resumen cuadra con el detalle."))
