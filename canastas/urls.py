from django.contrib import admin
from django.urls import include, path, re_path

from canastas import vistas

admin.site.site_header = "Canastas · Administración"
admin.site.site_title = "Canastas"
admin.site.index_title = "Administración de la plataforma"


def _solo_administrador(request) -> bool:
    # is_staff no basta: el admin de Django es solo para el rol Administrador.
    usuario = request.user
    return usuario.is_active and usuario.is_staff and getattr(usuario, "rol", None) == "administrador"


admin.site.has_permission = _solo_administrador

urlpatterns = [
    path("", vistas.inicio, name="inicio"),
    # Antes que allauth: el usuario no agrega ni confirma correos por su cuenta.
    path("cuentas/email/", vistas.correo_no_editable),
    re_path(r"^cuentas/confirm-email/", vistas.correo_no_editable),
    path("cuentas/", include("allauth.urls")),
    path("usuarios/", include("usuarios.urls")),
    path("beneficiarios/", include("beneficiarios.urls")),
    path("reportes/", include("reportes.urls")),
    path("auditoria/", include("canastas.urls_auditoria")),
    path("entregas/", include("entregas.urls")),
    path("api/v1/", include("entregas.api.urls")),
    path("manual/", include("canastas.urls_manual")),
    path("admin/", admin.site.urls),
]

handler403 = "canastas.vistas.prohibido"
handler404 = "canastas.vistas.no_encontrado"
handler500 = "canastas.vistas.error_servidor"
