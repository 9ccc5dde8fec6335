# Rutas de los archivos para entes de control; se incluyen sin namespace propio en `reportes`.
from django.urls import path

from reportes.archivos import vistas

urlpatterns = [
    path("contraloria/", vistas.contraloria, name="contraloria"),
    path("indeci/", vistas.indeci, name="indeci"),
    path("archivos/", vistas.lista, name="archivos"),
    path("archivos/<int:pk>/", vistas.detalle, name="archivo"),
    path("archivos/<int:pk>/estado/", vistas.estado, name="archivo_estado"),
    path("archivos/<int:pk>/descargar/", vistas.descargar, name="archivo_descargar"),
]
