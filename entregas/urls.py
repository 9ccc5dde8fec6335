from django.urls import include, path

app_name = "entregas"

# Cada parte del módulo tiene su archivo de rutas; todas comparten el espacio «entregas:».
urlpatterns = [
    path("", include("entregas.urls_capturas")),
    path("nueva/", include("entregas.urls_captura")),
    path("tipos/", include("entregas.urls_tipos")),
    path("importaciones/", include("entregas.urls_carga")),
]
