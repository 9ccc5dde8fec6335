"""Tablas de los reportes: columnas, filas por área, orden, total y exportación.

Una misma definición de columnas sirve a la página y al archivo, para que lo que se ve y lo que se
descarga digan lo mismo.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reportes.cifras import Cifras


@dataclass(frozen=True)
class Columna:
    clave: str
    titulo: str
    numerica: bool = True


COLUMNAS_CIFRAS = [
    Columna("hogares", _("Hogares potenciales")),
    Columna("personas_padron", _("Personas en el padrón")),
    Columna("programados", _("Programados")),
    Columna("entregas", _("Entregas")),
    Columna("entregas_app", _("Por aplicativo")),
    Columna("entregas_web", _("Por web")),
    Columna("entregas_carga", _("Por carga masiva")),
    Columna("pendientes", _("Pendientes")),
    Columna("avance", _("% de avance")),
    Columna("personas", _("Personas atendidas")),
    Columna("observadas", _("Entregas observadas")),
    Columna("ultima_fecha", _("Última entrega")),
]
CODIGO = "CODIGO"
CLAVES = {columna.clave for columna in COLUMNAS_CIFRAS} | {"codigo", "nombre"}


@dataclass
class Fila:
    """Un área de la tabla: su código, su nombre, el enlace al nivel de abajo y sus cifras."""

    codigo: str
    nombre: str
    cifras: Cifras
    enlace: str = ""
    contexto: str = ""  # p. ej. «Lima / Lima» para un distrito en el Reporte General

    def valor(self, clave: str):
        if clave in ("codigo", "nombre", "contexto"):
            return getattr(self, clave)
        return getattr(self.cifras, clave)


def filas_de(areas, cifras: dict[str, Cifras], enlace: str = "", contexto=None) -> list[Fila]:
    """Una fila por área, con ceros donde el área no tiene datos.

    `enlace` es una URL con CODIGO en lugar del ubigeo: el Reporte General arma 1 893 filas y un
    `reverse` por fila costaba más que todas sus consultas.
    """
    return [
        Fila(
            codigo=area.codigo,
            nombre=area.nombre,
            cifras=cifras.get(area.codigo) or Cifras(),
            enlace=enlace.replace(CODIGO, area.codigo),
            contexto=contexto(area) if contexto else "",
        )
        for area in areas
    ]


def enlace_de(nombre_url: str) -> str:
    """URL de `nombre_url` para cualquier área: `filas_de` pone el código de cada una."""
    return reverse(nombre_url, args=[CODIGO])


def total_de(filas: list[Fila]) -> Cifras:
    total = Cifras()
    for fila in filas:
        total.sumar(fila.cifras)
    return total


def ordenar(filas: list[Fila], orden: str) -> tuple[list[Fila], str]:
    """Ordena por `orden` (una clave; con «-» delante, de mayor a menor). Devuelve el orden aplicado.

    Un valor vacío (sin avance, sin fecha) va siempre al final.
    """
    clave = orden.lstrip("-")
    if clave not in CLAVES:
        return filas, ""
    descendente = orden.startswith("-")
    con_valor = [fila for fila in filas if fila.valor(clave) is not None]
    sin_valor = [fila for fila in filas if fila.valor(clave) is None]
    con_valor.sort(key=lambda fila: _comparable(fila.valor(clave)), reverse=descendente)
    return con_valor + sin_valor, orden


def _comparable(valor):
    return valor.lower() if isinstance(valor, str) else valor


def encabezados_ordenables(orden_actual: str, parametros: str, titulo_area: str) -> list[dict]:
    """Encabezados con el enlace que ordena por esa columna; un segundo clic invierte el orden."""
    columnas = [Columna("codigo", _("Ubigeo"), numerica=False), Columna("nombre", titulo_area, numerica=False)]
    encabezados = []
    for columna in columnas + COLUMNAS_CIFRAS:
        encabezados.append({
            "columna": columna,
            "url": f"?{parametros}{'&' if parametros else ''}orden={_siguiente_orden(orden_actual, columna)}",
            "sentido": _sentido(orden_actual, columna.clave),
        })
    return encabezados


def _siguiente_orden(orden_actual: str, columna: Columna) -> str:
    if orden_actual == columna.clave:
        return f"-{columna.clave}"
    if orden_actual == f"-{columna.clave}":
        return columna.clave
    # Las cifras se miran primero de mayor a menor; los nombres, de la A a la Z.
    return f"-{columna.clave}" if columna.numerica else columna.clave


def _sentido(orden_actual: str, clave: str) -> str:
    if orden_actual == clave:
        return "ascending"
    if orden_actual == f"-{clave}":
        return "descending"
    return "none"


def encabezados_exportacion(titulo_area: str, con_contexto: bool = False) -> list[str]:
    encabezados = [str(_("Ubigeo")), str(titulo_area)]
    if con_contexto:
        encabezados.append(str(_("Ubicación")))
    return encabezados + [str(columna.titulo) for columna in COLUMNAS_CIFRAS]


def filas_exportacion(filas: list[Fila], total: Cifras | None = None, con_contexto: bool = False):
    """Filas del archivo: una por área y, si se da, la fila de total al final."""
    for fila in filas:
        inicio = [fila.codigo, fila.nombre] + ([fila.contexto] if con_contexto else [])
        yield inicio + [_celda(fila.valor(columna.clave)) for columna in COLUMNAS_CIFRAS]
    if total is not None:
        inicio = ["", str(_("Total"))] + ([""] if con_contexto else [])
        yield inicio + [_celda(getattr(total, columna.clave)) for columna in COLUMNAS_CIFRAS]


def _celda(valor):
    if valor is None:
        return ""
    if isinstance(valor, date):
        return valor
    return float(valor) if not isinstance(valor, int) else valor
