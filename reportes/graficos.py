"""Gráficos SVG dibujados en el servidor: barras de % de avance y la línea de entregas diarias.

Devuelven solo coordenadas; las plantillas `reportes/_barras.svg.html` y `_linea.svg.html` dibujan.
Sin JavaScript ni estilos en línea, así que valen con la política de contenido estricta y al imprimir.
"""

from datetime import date
from decimal import Decimal

ANCHO = 720
ALTO_BARRA = 22
MARGEN_IZQUIERDO = 190  # espacio para el nombre del área
ANCHO_BARRAS = ANCHO - MARGEN_IZQUIERDO - 60  # y 60 para el porcentaje a la derecha


def barras_de_avance(filas) -> dict:
    """Una barra por área con programados; el largo es su % de avance (0 a 100)."""
    barras = []
    for fila in filas:
        avance = fila.cifras.avance
        if avance is None:
            continue
        y = len(barras) * ALTO_BARRA
        barras.append({
            "nombre": fila.nombre,
            "avance": avance,
            "y": y,
            "y_texto": y + ALTO_BARRA - 7,
            "largo": round(ANCHO_BARRAS * min(avance, Decimal(100)) / 100, 1),
            "x_valor": MARGEN_IZQUIERDO + ANCHO_BARRAS + 6,
        })
    return {
        "barras": barras,
        "ancho": ANCHO,
        "alto": len(barras) * ALTO_BARRA,
        "x_barras": MARGEN_IZQUIERDO,
        "ancho_barras": ANCHO_BARRAS,
        "x_nombre": MARGEN_IZQUIERDO - 6,
    }


ALTO_LINEA = 220
MARGEN = 40


def linea_diaria(serie: list[tuple[date, int]]) -> dict:
    """Puntos de la línea de entregas por día, con marcas de fecha y del máximo."""
    if not serie:
        return {"puntos": [], "ancho": ANCHO, "alto": ALTO_LINEA}
    primero, ultimo = serie[0][0], serie[-1][0]
    dias = max((ultimo - primero).days, 1)
    maximo = max(cantidad for _, cantidad in serie) or 1
    ancho_util, alto_util = ANCHO - 2 * MARGEN, ALTO_LINEA - 2 * MARGEN

    puntos = []
    for fecha, cantidad in serie:
        x = MARGEN + ancho_util * (fecha - primero).days / dias
        y = MARGEN + alto_util * (1 - cantidad / maximo)
        puntos.append({"x": round(x, 1), "y": round(y, 1), "fecha": fecha, "cantidad": cantidad})

    return {
        "puntos": puntos,
        "polilinea": " ".join(f"{p['x']},{p['y']}" for p in puntos),
        "ancho": ANCHO,
        "alto": ALTO_LINEA,
        "maximo": maximo,
        "primero": primero,
        "ultimo": ultimo,
        "x0": MARGEN,
        "x1": ANCHO - MARGEN,
        "y0": MARGEN,
        "y1": ALTO_LINEA - MARGEN,
        "y_fechas": ALTO_LINEA - MARGEN + 18,
    }
