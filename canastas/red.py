"""IP del cliente, la misma para la auditoría, el bloqueo de ingresos y los límites de la API."""

from django.conf import settings


def ip_cliente(request) -> str | None:
    """Devuelve la IP del cliente.

    Con `CANASTAS_PROXIES = N` (proxies de confianza delante de la plataforma) la toma de
    X-Forwarded-For, N saltos desde la derecha: lo que el cliente escriba antes en esa cabecera
    queda a la izquierda y no cuenta. Sin proxies, o si faltan saltos, usa REMOTE_ADDR.
    """
    if request is None:
        return None
    proxies = getattr(settings, "CANASTAS_PROXIES", 0)
    if proxies:
        saltos = [salto.strip() for salto in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if salto.strip()]
        if len(saltos) >= proxies:
            return saltos[-proxies]
    return request.META.get("REMOTE_ADDR") or None
