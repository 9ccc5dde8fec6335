from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from canastas.hojas.lector import ArchivoRechazado
from canastas.importacion.salida import imprimir_importacion
from canastas.models import Distrito
from entregas.carga import servicios
from usuarios.models import Rol, Usuario


class Command(BaseCommand):
    help = (
        "Valida una carga masiva de entregas (XLSX, XLS, ODS o CSV, con un ZIP de fotos opcional) e imprime los "
        "conteos de la vista previa. Con --aplicar registra las entregas válidas en una sola transacción. "
        "Sale con 0 si el archivo se leyó y con 1 si se rechazó completo."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="Ruta de la hoja de entregas.")
        parser.add_argument(
            "--distrito", help="Ubigeo de 6 dígitos del distrito de las entregas (obligatorio con un administrador)."
        )
        parser.add_argument("--fotos", help="Ruta del ZIP de fotos nombradas por número de documento.")
        parser.add_argument(
            "--usuario",
            help="Usuario que figura como autor y registra las entregas (por defecto, el primer administrador).",
        )
        parser.add_argument("--aplicar", action="store_true", help="Registra las entregas válidas tras validar.")

    def handle(self, *args, archivo, distrito, fotos, usuario, aplicar, **options):
        ruta = Path(archivo)
        if not ruta.is_file():
            raise CommandError(f"No existe el archivo {ruta}.")
        ruta_fotos = Path(fotos) if fotos else None
        if ruta_fotos is not None and not ruta_fotos.is_file():
            raise CommandError(f"No existe el ZIP de fotos {ruta_fotos}.")

        with scopes_disabled():
            autor = self._autor(usuario)
            distrito_obj = self._distrito(distrito, autor)
            importacion = self._crear(ruta, ruta_fotos, autor, distrito_obj)
            importacion = servicios.carga_validar(importacion.pk)
            self._imprimir(importacion)
            if importacion.estado == importacion.Estado.FALLIDO:
                raise SystemExit(1)
            if aplicar:
                self._aplicar(importacion, autor)

    def _crear(self, ruta: Path, ruta_fotos: Path | None, autor, distrito):
        with ruta.open("rb") as flujo:
            fotos = ruta_fotos.open("rb") if ruta_fotos else None
            try:
                return servicios.carga_crear(
                    usuario=autor,
                    archivo=File(flujo, name=ruta.name),
                    fotos=File(fotos, name=ruta_fotos.name) if fotos else None,
                    distrito=distrito,
                    encolar=False,
                )
            except ArchivoRechazado as rechazo:
                self.stderr.write(f"Archivo rechazado ({rechazo.codigo}): {rechazo.mensaje}")
                raise SystemExit(1) from None
            finally:
                if fotos:
                    fotos.close()

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

    def _distrito(self, codigo, autor):
        if autor.rol not in (Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR):
            raise CommandError(
                f"El usuario «{autor.username}» es {autor.get_rol_display()}; la carga masiva es del "
                "administrador o del subadministrador."
            )
        if not codigo:
            if autor.es_administrador:
                raise CommandError("Con un administrador indique --distrito (ubigeo de 6 dígitos).")
            return None
        try:
            return Distrito.objects.get(codigo=codigo.zfill(6))
        except Distrito.DoesNotExist:
            raise CommandError(f"El ubigeo {codigo} no existe en el catálogo INEI.") from None

    def _imprimir(self, importacion):
        imprimir_importacion(self, importacion, encabezado=f"Carga {importacion.pk} · distrito {importacion.distrito_id}", nuevas="por registrar", duplicadas="ya registradas")

    def _aplicar(self, importacion, autor):
        try:
            servicios.carga_confirmar(importacion=importacion, usuario=autor, encolar=False)
        except servicios.ImportacionNoAplicable as motivo:
            self.stdout.write(f"No se aplicó: {motivo}")
            return
        importacion = servicios.carga_aplicar(importacion.pk)
        if importacion.estado == importacion.Estado.APLICADO:
            self.stdout.write(self.style.SUCCESS(f"Registradas: {importacion.insertadas} entregas."))
        else:
            raise CommandError(importacion.mensaje)
