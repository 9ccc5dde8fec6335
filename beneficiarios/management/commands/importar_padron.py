from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from beneficiarios.importacion import servicios
from canastas.hojas.lector import ArchivoRechazado
from canastas.importacion.salida import imprimir_importacion
from canastas.models import Distrito
from usuarios.models import Rol, Usuario


class Command(BaseCommand):
    help = (
        "Valida un padrón (XLSX, XLS o CSV) e imprime los conteos de la vista previa. "
        "Con --aplicar registra las filas nuevas en una sola transacción. "
        "Sale con 0 si el archivo se leyó y con 1 si se rechazó completo."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="Ruta del archivo del padrón.")
        parser.add_argument("--distrito", help="Ubigeo de 6 dígitos: todas las filas son de ese distrito.")
        parser.add_argument("--aplicar", action="store_true", help="Registra las filas nuevas tras validar.")
        parser.add_argument("--usuario", help="Usuario que figura como autor (por defecto, el primer administrador).")

    def handle(self, *args, archivo, distrito, aplicar, usuario, **options):
        ruta = Path(archivo)
        if not ruta.is_file():
            raise CommandError(f"No existe el archivo {ruta}.")

        with scopes_disabled():
            autor = self._autor(usuario)
            distrito_obj = self._distrito(distrito)
            with ruta.open("rb") as flujo:
                try:
                    importacion = servicios.importacion_crear(
                        usuario=autor, archivo=File(flujo, name=ruta.name), distrito=distrito_obj, encolar=False
                    )
                except ArchivoRechazado as rechazo:
                    self.stderr.write(f"Archivo rechazado ({rechazo.codigo}): {rechazo.mensaje}")
                    raise SystemExit(1) from None

            importacion = servicios.importacion_validar(importacion.pk)
            self._imprimir(importacion)
            if importacion.estado == importacion.Estado.FALLIDO:
                raise SystemExit(1)
            if aplicar:
                self._aplicar(importacion, autor)

    def _autor(self, username):
        if username:
            try:
                return Usuario.objects.get(username=username, is_active=True)
            except Usuario.DoesNotExist:
                raise CommandError(f"No existe un usuario activo «{username}».") from None
        autor = Usuario.objects.filter(rol=Rol.ADMINISTRADOR, is_active=True).order_by("id").first()
        if autor is None:
            raise CommandError("No hay un administrador activo; indique --usuario.")
        return autor

    def _distrito(self, codigo):
        if not codigo:
            return None
        try:
            return Distrito.objects.get(codigo=codigo.zfill(6))
        except Distrito.DoesNotExist:
            raise CommandError(f"El ubigeo {codigo} no existe en el catálogo INEI.") from None

    def _imprimir(self, importacion):
        imprimir_importacion(self, importacion, encabezado=f"Importación {importacion.pk}", nuevas="nuevas", duplicadas="duplicadas")

    def _aplicar(self, importacion, autor):
        try:
            servicios.importacion_confirmar(importacion=importacion, usuario=autor, encolar=False)
        except servicios.ImportacionNoAplicable as motivo:
            self.stdout.write(f"No se aplicó: {motivo}")
            return
        importacion = servicios.importacion_aplicar(importacion.pk)
        if importacion.estado == importacion.Estado.APLICADO:
            self.stdout.write(self.style.SUCCESS(f"Registrados: {importacion.insertadas} hogares."))
        else:
            raise CommandError(importacion.mensaje)
