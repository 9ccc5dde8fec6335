"""Respuestas de error de la API: siempre JSON `{"codigo", "mensaje"}` en español.

Los manejadores reemplazan los de django-ninja, que responden `{"detail": ...}` en inglés.
"""

import logging
from functools import wraps

from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError

logger = logging.getLogger(__name__)

# Código estable de cada estado HTTP cuando el error no trae uno propio.
CODIGOS_HTTP = {
    400: "peticion-invalida",
    401: "no-autenticado",
    403: "sin-permiso",
    404: "no-encontrado",
    405: "metodo-no-permitido",
    409: "conflicto",
    413: "archivo-muy-grande",
    422: "datos-invalidos",
    429: "demasiadas-peticiones",
    500: "error-interno",
}

# Mensajes en español por tipo de error de pydantic (el `type` de cada error).
MENSAJES_VALIDACION = {
    "missing": "Falta este campo.",
    "uuid_parsing": "No es un UUID válido.",
    "uuid_type": "No es un UUID válido.",
    "int_parsing": "Debe ser un número entero.",
    "int_type": "Debe ser un número entero.",
    "int_from_float": "Debe ser un número entero.",
    "bool_parsing": "Debe ser verdadero o falso (true/false).",
    "decimal_parsing": "Debe ser un número.",
    "decimal_type": "Debe ser un número.",
    "float_parsing": "Debe ser un número.",
    "decimal_max_digits": "Tiene demasiados dígitos.",
    "decimal_max_places": "Tiene demasiados decimales.",
    "datetime_parsing": "No es una fecha y hora ISO 8601 válida (p. ej. 2026-03-28T10:15:00-05:00).",
    "datetime_from_date_parsing": "No es una fecha y hora ISO 8601 válida (p. ej. 2026-03-28T10:15:00-05:00).",
    "datetime_type": "No es una fecha y hora ISO 8601 válida (p. ej. 2026-03-28T10:15:00-05:00).",
    "string_too_long": "Es demasiado largo.",
    "string_type": "Debe ser texto.",
    "greater_than_equal": "Es menor que el mínimo permitido.",
    "less_than_equal": "Es mayor que el máximo permitido.",
    "enum": "Valor no permitido.",
    "literal_error": "Valor no permitido.",
}


def respuesta_error(codigo: str, mensaje: str, estado: int, **extra) -> JsonResponse:
    return JsonResponse({"codigo": codigo, "mensaje": mensaje, **extra}, status=estado)


def _campo(ubicacion) -> str:
    # ninja antepone la fuente («body», «query», «path», «form», «file») y el
    # nombre del parámetro agregado; el aplicativo solo necesita el nombre del campo.
    partes = [str(parte) for parte in ubicacion]
    if partes and partes[0] in {"form", "body"} and len(partes) > 2:
        partes = partes[2:]
    elif partes and partes[0] in {"form", "body", "file"}:
        partes = partes[1:]
    return ".".join(partes)


def _mensaje_validacion(error: dict) -> str:
    tipo = error.get("type", "")
    if tipo == "value_error":
        # Los validadores propios lanzan ValueError con el mensaje ya en español.
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if tipo == "enum" and error.get("ctx", {}).get("expected"):
        return f"Valor no permitido; use uno de: {error['ctx']['expected']}."
    return MENSAJES_VALIDACION.get(tipo, "Valor inválido.")


def validacion(request, exc: ValidationError) -> JsonResponse:
    errores = [{"campo": _campo(error.get("loc", ())), "mensaje": _mensaje_validacion(error)} for error in exc.errors]
    resumen = "; ".join(f"{error['campo']}: {error['mensaje']}" for error in errores[:5])
    return respuesta_error("datos-invalidos", f"Datos inválidos. {resumen}", 422, errores=errores)


def autenticacion(request, exc: AuthenticationError) -> JsonResponse:
    respuesta = respuesta_error(
        "no-autenticado",
        "Falta el token de sesión o ya venció. Ingrese de nuevo en el aplicativo.",
        401,
    )
    respuesta["WWW-Authenticate"] = 'X-Session-Token realm="api"'
    return respuesta


def autorizacion(request, exc: AuthorizationError) -> JsonResponse:
    return respuesta_error("sin-permiso", exc.message, 403)


def no_encontrado(request, exc: Http404) -> JsonResponse:
    # Http404 lanzado a propósito lleva el mensaje en español; el de Django por defecto no.
    mensaje = str(exc) if exc.args else "No se encontró el recurso."
    return respuesta_error("no-encontrado", mensaje, 404)


def limitado(request, exc: Throttled) -> JsonResponse:
    return respuesta_error("demasiadas-peticiones", "Demasiadas peticiones; espere un momento y reintente.", 429)


def http(request, exc: HttpError) -> JsonResponse:
    codigo = CODIGOS_HTTP.get(exc.status_code, "error")
    return respuesta_error(codigo, exc.message, exc.status_code)


def inesperado(request, exc: Exception) -> JsonResponse:
    logger.exception("Error no controlado en la API: %s %s", request.method, request.path)
    return respuesta_error("error-interno", "Error interno del servidor. Reintente más tarde.", 500)


def registrar_manejadores(api) -> None:
    """Instala en `api` los manejadores de error en español (el más específico gana)."""
    api.add_exception_handler(Exception, inesperado)
    api.add_exception_handler(Http404, no_encontrado)
    api.add_exception_handler(HttpError, http)
    api.add_exception_handler(AuthenticationError, autenticacion)
    api.add_exception_handler(AuthorizationError, autorizacion)
    api.add_exception_handler(Throttled, limitado)
    api.add_exception_handler(ValidationError, validacion)


def ruta_inexistente(request, resto: str = "") -> JsonResponse:
    """Vista para toda ruta bajo /api/v1/ que no existe: 404 en JSON, no la página HTML."""
    return respuesta_error(
        "ruta-inexistente",
        f"No existe la ruta {request.path} en la API; las rutas están en /api/v1/docs.",
        404,
    )


def con_405_en_json(vista):
    """Envuelve una vista de ninja para que el 405 (método no admitido) también sea JSON.

    django-ninja 1.7 responde el 405 antes de llegar a sus manejadores de error,
    con texto plano «Method not allowed».
    """

    @wraps(vista)
    def envoltura(request, *args, **kwargs):
        respuesta = vista(request, *args, **kwargs)
        if respuesta.status_code != 405 or respuesta.get("Content-Type", "").startswith("application/json"):
            return respuesta

        permitidos = respuesta.get("Allow", "")
        json = respuesta_error(
            "metodo-no-permitido", f"{request.path} no admite {request.method}; use {permitidos}.", 405
        )
        json["Allow"] = permitidos
        return json

    return envoltura
