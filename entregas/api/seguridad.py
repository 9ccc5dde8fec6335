"""Autenticación de la API del aplicativo: token de sesión de allauth (cabecera X-Session-Token).

El aplicativo obtiene el token en POST /api/v1/_allauth/app/v1/auth/login
(allauth headless, cliente «app») y lo envía en cada petición. El token es la
clave de una sesión de Django, así que caduca como la sesión web: tras
SESSION_COOKIE_AGE segundos sin uso (CANASTAS_SESION_MINUTOS).
"""

import time
from functools import wraps

from allauth.core.internal.sessionkit import get_session_user
from allauth.headless import app_settings as ajustes_headless
from allauth.headless.contrib.ninja.security import XSessionTokenAuth
from allauth.headless.internal import sessionkit
from allauth.headless.tokens.strategies.sessions import SessionTokenStrategy
from django.conf import settings
from ninja.errors import AuthorizationError

from canastas.alcance import alcance_de
from usuarios.models import Rol

# Roles que registran entregas desde el aplicativo, siempre dentro de su distrito.
ROLES_CAPTURA = frozenset({Rol.OPERADOR, Rol.SUBADMINISTRADOR})

# Clave de la sesión con el instante (epoch, s) de la última renovación del token.
_CLAVE_RENOVADA = "canastas_api_renovada"


class TokenDeSesion(XSessionTokenAuth):
    """Autentica por X-Session-Token y, si se indican `roles`, exige uno de ellos y un distrito.

    Sin token, con un token inválido o vencido, o con un usuario inactivo devuelve
    None (ninja responde 401). Con un rol no permitido lanza AuthorizationError (403).
    """

    openapi_in = "header"
    openapi_name = "X-Session-Token"
    openapi_description = "Token de sesión de allauth devuelto por POST /api/v1/_allauth/app/v1/auth/login (meta.session_token)."

    def __init__(self, roles: frozenset | None = None):
        super().__init__()
        self.roles = roles

    def __call__(self, request):
        token = self.get_session_token(request)
        if not token:
            return None
        sesion = _sesion_del_token(token)
        usuario = get_session_user(sesion) if sesion is not None else None
        if usuario is None or not usuario.is_active:
            return None

        _renovar_sesion(sesion)
        request.user = usuario

        if self.roles is not None:
            if usuario.rol not in self.roles:
                raise AuthorizationError(message="Su rol no puede registrar entregas desde el aplicativo.")
            if not usuario.distrito_id:
                raise AuthorizationError(message="Su cuenta no pertenece a un distrito.")
        return usuario


def _sesion_del_token(token: str):
    """Carga la sesión del token, o None si no existe o venció."""
    estrategia = ajustes_headless.TOKEN_STRATEGY
    if isinstance(estrategia, SessionTokenStrategy):
        # La estrategia de allauth 65 consulta exists() y luego carga la sesión;
        # sessionkit.lookup_session hace lo mismo con una sola consulta.
        return sessionkit.lookup_session(token)
    return estrategia.lookup_session(token)


def _renovar_sesion(sesion) -> None:
    """Extiende la vigencia del token cuando ya pasó la mitad de su vida.

    La web renueva la sesión en cada petición (SESSION_SAVE_EVERY_REQUEST). Aquí
    se guarda a lo más una vez por media vida, así no se escribe en el almacén de
    sesiones en cada captura. Guardar recalcula el vencimiento desde ahora.
    """
    ahora = int(time.time())
    renovada = sesion.get(_CLAVE_RENOVADA, 0)
    if ahora - renovada < settings.SESSION_COOKIE_AGE / 2:
        return
    sesion[_CLAVE_RENOVADA] = ahora
    sesion.save()


token_usuario = TokenDeSesion()
token_captura = TokenDeSesion(roles=ROLES_CAPTURA)


def con_alcance(operacion):
    """Ejecuta la operación dentro del alcance por distrito del usuario del token.

    El middleware de alcance corre antes de la autenticación por token, cuando el
    usuario aún es anónimo, así que su alcance no deja ver ninguna fila.
    """

    @wraps(operacion)
    def envoltura(request, *args, **kwargs):
        with alcance_de(request.auth):
            return operacion(request, *args, **kwargs)

    return envoltura
