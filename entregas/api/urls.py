"""Rutas de /api/v1/: el ingreso de allauth headless, la API de ninja y un 404 en JSON para lo demás."""

from django.urls import include, path, re_path

from entregas.api.api import api
from entregas.api.errores import con_405_en_json, ruta_inexistente
from entregas.api.limites import con_limite

# El esquema y Swagger UI no leen datos: quedan fuera de los límites de frecuencia.
SIN_LIMITE = {"openapi-json", "openapi-view"}

rutas_ninja, app_ninja, espacio_ninja = api.urls
for patron in rutas_ninja:
    patron.callback = con_405_en_json(patron.callback)
    if patron.name not in SIN_LIMITE:
        patron.callback = con_limite(patron.callback)

urlpatterns = [
    # Ingreso del aplicativo: POST _allauth/app/v1/auth/login devuelve el token de sesión.
    path("_allauth/", include("allauth.headless.urls")),
    # La raíz de ninja (nombre «api:api-root») solo sirve para reverse(); aquí responde en JSON.
    re_path(r"^$", ruta_inexistente),
    path("", (rutas_ninja, app_ninja, espacio_ninja)),
    re_path(r"^(?P<resto>.*)$", ruta_inexistente),
]
