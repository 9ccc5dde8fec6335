"""Límites de frecuencia de la API del aplicativo: por IP y por token de sesión.

Se aplican antes de autenticar, así también cuentan los tokens inválidos. Los
contadores viven en la caché por defecto (una tabla de PostgreSQL, compartida por
todos los procesos). Pasado el límite se responde 429 con el JSON de errores de
la API y la cabecera Retry-After en segundos.
"""

import hashlib
import logging
import math
from functools import wraps

from allauth.core.internal.httpkit import get_client_ip
from django.conf import settings
from django.core.cache import cache
from ninja.throttling import SimpleRateThrottle

from entregas.api.errores import respuesta_error

logger = logging.getLogger(__name__)

MENSAJE = "Demasiadas peticiones; espere {segundos} s y reintente."


class _Limite(SimpleRateThrottle):
    """Ventana deslizante de un minuto de ninja; la clave la arma quien la usa."""

    def __init__(self, *, alcance: str, identidad: str, por_minuto: int):
        self.alcance = alcance
        self.identidad = identidad
        super().__init__(rate=f"{por_minuto}/m")

    def get_cache_key(self, request) -> str:
        return self.cache_format % {"scope": self.alcance, "ident": self.identidad}


def _limites_de(request) -> list[_Limite]:
    # get_client_ip toma X-Forwarded-For solo con ALLAUTH_TRUSTED_PROXY_COUNT > 0.
    limites = [_Limite(alcance="api_ip", identidad=get_client_ip(request) or "sin-ip",
                       por_minuto=settings.CANASTAS_API_POR_MINUTO_IP)]
    token = request.headers.get("X-Session-Token", "")
    if token:
        # El token es la clave de una sesión: a la caché va solo su hash.
        huella = hashlib.sha256(token.encode()).hexdigest()
        limites.append(_Limite(alcance="api_token", identidad=huella,
                               por_minuto=settings.CANASTAS_API_POR_MINUTO_TOKEN))
    return limites


def con_limite(vista):
    """Envuelve una vista de la API: cuenta la petición en cada límite y responde 429 si alguno se pasó."""

    @wraps(vista)
    def envoltura(request, *args, **kwargs):
        excedidos = [limite for limite in _limites_de(request) if not limite.allow_request(request)]
        if not excedidos:
            return vista(request, *args, **kwargs)

        espera = max(math.ceil(limite.wait() or 60) for limite in excedidos)
        for limite in excedidos:
            # Un aviso por clave y minuto: una ráfaga no llena el registro técnico.
            if cache.add(f"{limite.key}:avisado", True, 60):
                logger.warning("Límite de la API excedido: %s en %s", limite.alcance, request.path)
        respuesta = respuesta_error("demasiadas-peticiones", MENSAJE.format(segundos=espera), 429)
        respuesta["Retry-After"] = str(espera)
        return respuesta

    return envoltura
