# Rutas de las capturas (lista, ficha, fotos, mapa). Las incluye entregas/urls.py.
from django.urls import path

from entregas import vistas_capturas as vistas

urlpatterns = [
    path("", vistas.lista, name="lista"),
    path("exportar/", vistas.exportar, name="exportar"),
    path("consulta/", vistas.consulta_invitado, name="consulta"),
    path("mapa/", vistas.mapa, name="mapa"),
    path("mapa/datos/", vistas.mapa_datos, name="mapa_datos"),
    path("<int:pk>/", vistas.detalle, name="detalle"),
    # Sin evidencia en la URL se sirve la foto del DNI con la planilla, la obligatoria.
    path("<int:pk>/foto/", vistas.foto, {"cual": "dni"}, name="foto"),
    path("<int:pk>/foto/<str:cual>/", vistas.foto, name="foto"),
    path("<int:pk>/anular/", vistas.anular, name="anular"),
    path("<int:pk>/observar/", vistas.observar, name="observar"),
]
