"""Registro de auditoría: quién cambió qué, cuándo y desde qué IP."""

import datetime
from decimal import Decimal

from canastas.models import RegistroAccion
from canastas.red import ip_cliente


def ip_de(request) -> str | None:
    """IP del cliente, contando los proxies de confianza (ver `canastas.red.ip_cliente`)."""
    return ip_cliente(request)


def _valor_json(valor):
    if isinstance(valor, (datetime.date, datetime.datetime)):
        return valor.isoformat()
    if isinstance(valor, Decimal):
        return str(valor)
    return valor


def valores_de(objeto, campos: list[str]) -> dict:
    return {campo: _valor_json(getattr(objeto, campo)) for campo in campos}


def registrar_accion(
    *,
    usuario,
    accion: str,
    objeto=None,
    modelo: str = "",
    objeto_id: str = "",
    distrito_id: str | None = None,
    antes: dict | None = None,
    despues: dict | None = None,
    detalle: str = "",
    request=None,
    ip: str | None = None,
) -> RegistroAccion:
    if objeto is not None:
        modelo = modelo or objeto._meta.label
        objeto_id = objeto_id or str(objeto.pk)
        distrito_id = distrito_id or getattr(objeto, "distrito_id", None)

    return RegistroAccion.objects.create(
        usuario=usuario if usuario is not None and usuario.is_authenticated else None,
        ip=ip or ip_de(request),
        accion=accion,
        modelo=modelo,
        objeto_id=objeto_id,
        objeto_texto=str(objeto)[:200] if objeto is not None else "",
        distrito_id=distrito_id,
        antes=antes,
        despues=despues,
        detalle=detalle,
    )


def historial_de(objeto):
    return RegistroAccion.objects.filter(
        modelo=objeto._meta.label, objeto_id=str(objeto.pk)
    ).select_related("usuario")
