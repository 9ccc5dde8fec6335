from django.urls import path

from canastas import vistas_auditoria as vistas

app_name = "auditoria"

urlpatterns = [
    path("", vistas.lista, name="lista"),
    path("exportar/", vistas.exportar, name="exportar"),
]
