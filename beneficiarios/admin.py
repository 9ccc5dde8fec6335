from django.contrib import admin
from django_scopes import scopes_disabled
from import_export.admin import ImportExportModelAdmin

from beneficiarios.models import Beneficiario, ErrorImportacion, Importacion
from beneficiarios.recursos import BeneficiarioResource


class SinAlcanceMixin:
    """El admin es solo del administrador nacional, que ve todos los distritos."""

    def get_queryset(self, request):
        with scopes_disabled():
            return self.model.objects.with_scopes_disabled().all()


@admin.register(Beneficiario)
class BeneficiarioAdmin(SinAlcanceMixin, ImportExportModelAdmin):
    resource_classes = [BeneficiarioResource]
    list_display = ["numero_documento", "apellido_paterno", "apellido_materno", "nombres", "distrito", "estado"]
    list_filter = ["estado", "tipo_documento"]
    search_fields = ["numero_documento", "busqueda"]
    raw_id_fields = ["distrito", "importacion"]

    def has_delete_permission(self, request, obj=None):
        return False


class ErrorImportacionInline(admin.TabularInline):
    model = ErrorImportacion
    extra = 0
    can_delete = False
    readonly_fields = ["fila", "columna", "valor", "codigo", "mensaje", "es_advertencia"]
    max_num = 0


@admin.register(Importacion)
class ImportacionAdmin(SinAlcanceMixin, admin.ModelAdmin):
    list_display = ["nombre_archivo", "distrito", "usuario", "creado", "estado", "total_filas", "nuevas", "rechazadas"]
    list_filter = ["estado", "tipo"]
    readonly_fields = [campo.name for campo in Importacion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
