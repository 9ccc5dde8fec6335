# Rutas de beneficiarios programados; las incluye beneficiarios/urls.py en /beneficiarios/programados/.
from django.urls import path

from beneficiarios import vistas_programados

urlpatterns = [
    path("", vistas_programados.lista, name="programados"),
    path("nuevo/", vistas_programados.nuevo, name="programados_nuevo"),
    path("subir/", vistas_programados.subir, name="programados_subir"),
    path("<int:pk>/quitar/", vistas_programados.quitar, name="programados_quitar"),
]
