from django.urls import path

from usuarios import vistas

app_name = "usuarios"

urlpatterns = [
    path("", vistas.lista, name="lista"),
    path("nuevo/", vistas.nuevo, name="nuevo"),
    path("<int:pk>/", vistas.detalle, name="detalle"),
    path("<int:pk>/editar/", vistas.editar, name="editar"),
    path("<int:pk>/desactivar/", vistas.desactivar, name="desactivar"),
    path("<int:pk>/reactivar/", vistas.reactivar, name="reactivar"),
    path("<int:pk>/enlace-clave/", vistas.enviar_enlace, name="enlace_clave"),
]
