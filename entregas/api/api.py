"""La API del aplicativo de campo (/api/v1/), con su OpenAPI en /api/v1/openapi.json y /api/v1/docs.

Swagger UI se sirve desde los estáticos de django-ninja (la app «ninja» está en
INSTALLED_APPS), sin CDN.
"""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from entregas.api import errores
from entregas.api.seguridad import con_alcance, token_usuario
from entregas.api.vistas import router

DESCRIPCION = """
API del aplicativo «Canastas Perú» para registrar entregas desde el campo.

**Ingreso.** `POST /api/v1/_allauth/app/v1/auth/login` con `{"username": "...", "password": "..."}`
(allauth headless, cliente «app») devuelve el token en `meta.session_token`. Envíelo en la cabecera
`X-Session-Token` de cada petición. `DELETE /api/v1/_allauth/app/v1/auth/session` cierra la sesión.

**Errores.** Todo error de estas operaciones responde JSON `{"codigo": "...", "mensaje": "..."}`
con un código estable. El 422 agrega `errores`, la lista de campos rechazados. Las rutas de
`/api/v1/_allauth/` responden con el formato de allauth: `{"status": 400, "errors": [{"code", "message",
"param"}]}`. Tras varios ingresos fallidos, django-axes bloquea usuario e IP y el ingreso responde 429.
"""

api = NinjaAPI(
    urls_namespace="api",
    title="Canastas — API del aplicativo",
    version="1",
    description=DESCRIPCION,
    auth=token_usuario,
    docs=Swagger(settings={"persistAuthorization": True}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errores.registrar_manejadores(api)
api.add_decorator(con_alcance, mode="operation")
api.add_router("/", router)
