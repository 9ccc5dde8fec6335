from django.conf import settings
from django.core.management.base import BaseCommand

from usuarios.demo import USUARIOS_DEMO
from usuarios.models import Rol, Usuario


class Command(BaseCommand):
    help = (
        "Crea un usuario de demostración por rol con una contraseña conocida. "
        "Solo actúa con DEBUG encendido, para que nunca existan en producción."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clave", default="Canastas-2026", help="Contraseña de los usuarios de demostración.")

    def handle(self, *args, clave, **options):
        if not settings.DEBUG:
            self.stdout.write("DEBUG está apagado: no se crean usuarios de demostración.")
            return

        filas = []
        for username, nombre, apellido, rol, distrito in USUARIOS_DEMO:
            usuario, _ = Usuario.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": nombre,
                    "last_name": apellido,
                    "email": f"{username}@demo.canastas.pe",
                    "rol": rol,
                    "distrito_id": distrito,
                    "is_staff": rol == Rol.ADMINISTRADOR,
                    "is_superuser": rol == Rol.ADMINISTRADOR,
                    "is_active": True,
                },
            )
            usuario.set_password(clave)
            usuario.save()
            filas.append((username, usuario.get_rol_display(), usuario.distrito.nombre if usuario.distrito else "—"))

        self.stdout.write(self.style.SUCCESS("Usuarios de demostración (contraseña para todos: %s):" % clave))
        for username, rol, distrito in filas:
            self.stdout.write(f"  {username:<22} {rol:<18} {distrito}")
