# Rutas de la carga masiva de entregas; las incluye entregas/urls.py bajo /entregas/importaciones/.
from django.urls import path

from entregas import vistas_carga

urlpatterns = [
    path("", vistas_carga.lista, name="cargas"),
    path("plantilla.xlsx", vistas_carga.plantilla, name="carga_plantilla"),
    path("<int:pk>/", vistas_carga.detalle, name="carga"),
    path("<int:pk>/estado/", vistas_carga.estado, name="carga_estado"),
    path("<int:pk>/aplicar/", vistas_carga.aplicar, name="carga_aplicar"),
    path("<int:pk>/descartar/", vistas_carga.descartar, name="carga_descartar"),
    path("<int:pk>/rechazadas/", vistas_carga.rechazadas, name="carga_rechazadas"),
]
