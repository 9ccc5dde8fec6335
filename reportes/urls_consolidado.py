# Vista consolidada de un distrito. Se incluye sin namespace propio, así sus nombres quedan en `reportes`.
from django.urls import path

from reportes import vistas_consolidado

urlpatterns = [
    path("consolidado/", vistas_consolidado.consolidado, name="consolidado"),
    path("consolidado/exportar/", vistas_consolidado.exportar, name="consolidado_exportar"),
]
