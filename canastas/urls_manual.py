from django.urls import path

from canastas import vistas_manual as vistas
from canastas.manual.capitulos import ARCHIVOS

app_name = "manual"

# Un nombre de URL por capítulo (manual:operador, …): el barrido de permisos prueba cada uno.
urlpatterns = [
    path("", vistas.inicio, name="inicio"),
    path("imagen/", vistas.imagen, name="imagen"),
    *[path(f"{nombre}/", vistas.capitulo, {"capitulo": nombre}, name=nombre) for nombre in ARCHIVOS],
]
