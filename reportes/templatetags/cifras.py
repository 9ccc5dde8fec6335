"""Celdas de cifras de los reportes, armadas en Python: un `include` por fila costaba más que la consulta."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.dateformat import format as formato_fecha
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join

from reportes.tablas import COLUMNAS_CIFRAS

register = template.Library()


@register.simple_tag
def celdas_cifras(cifras) -> str:
    """Una celda `<td class="num">` por columna de `COLUMNAS_CIFRAS`, en el orden de los encabezados."""
    return format_html_join("", '<td class="num">{}</td>', ((_texto(columna.clave, cifras),) for columna in COLUMNAS_CIFRAS))


def _texto(clave: str, cifras) -> str:
    valor = getattr(cifras, clave)
    if clave == "avance":
        return "—" if valor is None else format_html("{} %", number_format(valor, decimal_pos=1))
    if clave == "ultima_fecha":
        return "—" if valor is None else formato_fecha(valor, "d/m/Y")
    return intcomma(valor)
