from django.urls import include, path

from reportes import vistas

app_name = "reportes"

urlpatterns = [
    path("", vistas.nacional, name="nacional"),
    path("departamento/<str:codigo>/", vistas.departamento, name="departamento"),
    path("provincia/<str:codigo>/", vistas.provincia, name="provincia"),
    path("distrito/<str:codigo>/", vistas.distrito, name="distrito"),
    path("general/", vistas.general, name="general"),
    # Archivos para la Contraloría y el INDECI.
    path("", include("reportes.archivos.urls")),
    # Vista consolidada de un distrito (pestañas Potenciales, Beneficiarios y Reporte General).
    path("", include("reportes.urls_consolidado")),
]
