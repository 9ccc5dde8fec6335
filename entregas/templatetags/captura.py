"""Etiquetas de plantilla de la captura web."""

from django import template

from entregas.selectores import capturas_del_operador

register = template.Library()


@register.simple_tag
def ultimas_capturas(usuario, limite: int = 10):
    """Últimas entregas que registró `usuario`, para la página de inicio del operador."""
    return list(capturas_del_operador(operador=usuario, limite=limite))
