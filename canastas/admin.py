from django.contrib import admin

from canastas.models import Departamento, Distrito, Provincia, RegistroAccion


@admin.register(Departamento)
class DepartamentoAdmin(admin.ModelAdmin):
    list_display = ["codigo", "nombre"]
    search_fields = ["codigo", "nombre"]


@admin.register(Provincia)
class ProvinciaAdmin(admin.ModelAdmin):
    list_display = ["codigo", "nombre", "departamento"]
    search_fields = ["codigo", "nombre"]
    list_filter = ["departamento"]


@admin.register(Distrito)
class DistritoAdmin(admin.ModelAdmin):
    list_display = ["codigo", "nombre", "provincia", "latitud", "longitud"]
    search_fields = ["codigo", "nombre"]
    list_select_related = ["provincia"]


@admin.register(RegistroAccion)
class RegistroAccionAdmin(admin.ModelAdmin):
    """Solo lectura: el registro de auditoría no se edita ni se borra desde la aplicación."""

    list_display = ["fecha", "usuario", "accion", "modelo", "objeto_id", "distrito", "ip"]
    list_filter = ["accion", "modelo"]
    search_fields = ["objeto_id", "usuario__username", "detalle"]
    date_hierarchy = "fecha"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
