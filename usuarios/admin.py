from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from usuarios.models import Usuario


@admin.register(Usuario)
class UsuarioAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "rol", "distrito", "is_active"]
    list_filter = ["rol", "is_active"]
    search_fields = ["username", "email", "first_name", "last_name", "dni", "distrito__nombre"]
    autocomplete_fields = ["distrito"]
    fieldsets = UserAdmin.fieldsets + ((_("Rol en la plataforma"), {"fields": ["rol", "distrito", "dni", "telefono"]}),)
    add_fieldsets = UserAdmin.add_fieldsets + ((_("Rol en la plataforma"), {"fields": ["email", "rol", "distrito"]}),)

    def has_delete_permission(self, request, obj=None):
        # Los usuarios se desactivan, nunca se borran: sus registros conservan su autor.
        return False
