"""Lectura estricta de variables de entorno para la configuración.

Un valor mal escrito detiene el arranque con un mensaje claro, en lugar de
tomar en silencio un valor por defecto que podría dejar la plataforma insegura.
"""

import os

from django.core.exceptions import ImproperlyConfigured

VERDADEROS = {"1", "true", "si", "sí", "yes", "on"}
FALSOS = {"0", "false", "no", "off", ""}


def env_str(nombre: str, por_defecto: str | None = None) -> str | None:
    """Devuelve la variable tal cual, o `por_defecto` si no está definida."""
    return os.environ.get(nombre, por_defecto)


def env_bool(nombre: str, por_defecto: bool) -> bool:
    valor = os.environ.get(nombre)
    if valor is None:
        return por_defecto

    normalizado = valor.strip().lower()
    if normalizado in VERDADEROS:
        return True
    if normalizado in FALSOS:
        return False
    raise ImproperlyConfigured(
        f"La variable {nombre}={valor!r} no es un booleano válido; use 1/0, true/false o si/no."
    )


def env_int(nombre: str, por_defecto: int, *, minimo: int | None = None) -> int:
    valor = os.environ.get(nombre)
    if valor is None:
        return por_defecto

    try:
        numero = int(valor.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"La variable {nombre}={valor!r} debe ser un número entero."
        ) from None
    if minimo is not None and numero < minimo:
        raise ImproperlyConfigured(f"La variable {nombre}={numero} debe ser al menos {minimo}.")
    return numero


def env_lista(nombre: str, por_defecto: list[str]) -> list[str]:
    """Lee una lista separada por comas; los elementos vacíos se descartan."""
    valor = os.environ.get(nombre)
    if valor is None:
        return list(por_defecto)
    return [parte.strip() for parte in valor.split(",") if parte.strip()]


def env_opcion(nombre: str, por_defecto: str, opciones: set[str]) -> str:
    valor = os.environ.get(nombre, por_defecto).strip()
    if valor not in opciones:
        permitidas = ", ".join(sorted(opciones))
        raise ImproperlyConfigured(f"La variable {nombre}={valor!r} debe ser una de: {permitidas}.")
    return valor
