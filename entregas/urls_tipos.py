# Rutas del mantenimiento de tipos de registro; las incluye entregas/urls.py en /entregas/tipos/.
from django.urls import path

from entregas import vistas_tipos

urlpatterns = [
    path("", vistas_tipos.lista, name="tipos"),
    path("nuevo/", vistas_tipos.nuevo, name="tipos_nuevo"),
    path("<int:pk>/", vistas_tipos.detalle, name="tipos_detalle"),
    path("<int:pk>/editar/", vistas_tipos.editar, name="tipos_editar"),
    path("<int:pk>/desactivar/", vistas_tipos.desactivar, name="tipos_desactivar"),
    path("<int:pk>/activar/", vistas_tipos.activar, name="tipos_activar"),
]
