# Rutas de esta parte del módulo de entregas; las incluye entregas/urls.py.
from django.urls import path

from entregas import vistas_captura

urlpatterns = [
    path("", vistas_captura.nueva, name="nueva"),
    path("<int:pk>/hecha/", vistas_captura.hecha, name="captura_hecha"),
]
