"""Cifras de los reportes por área (departamento, provincia o distrito).

Se leen del resumen por distrito que mantienen los disparadores (reportes/migrations/0002), o del
detalle con un GROUP BY simple (`fuente="detalle"`), que es la referencia de la prueba de conciliación
y la línea base del benchmark. Solo devuelven conteos: nunca datos de personas.
"""

from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction

from reportes.sql import EQUIVALENCIAS

# Dígitos del ubigeo que identifican cada nivel.
DIGITOS = {"departamento": 2, "provincia": 4, "distrito": 6}


@dataclass(frozen=True)
class Filtros:
    """Filtros de los reportes. Las fechas cortan las entregas; potenciales y programados son el estado actual."""

    tipo_registro: int | None = None
    desde: date | None = None
    hasta: date | None = None

    @property
    def por_fecha(self) -> bool:
        return self.desde is not None or self.hasta is not None


@dataclass
class Cifras:
    hogares: int = 0
    personas_padron: int = 0
    programados: int = 0
    programados_entregados: int = 0
    entregas_app: int = 0
    entregas_web: int = 0
    entregas_carga: int = 0
    personas: int = 0
    observadas: int = 0
    ultima_fecha: date | None = None

    @property
    def entregas(self) -> int:
        return self.entregas_app + self.entregas_web + self.entregas_carga

    @property
    def pendientes(self) -> int:
        return self.programados - self.programados_entregados

    @property
    def avance(self) -> Decimal | None:
        """Porcentaje de programados que ya recibieron su canasta; sin programados no hay avance."""
        if not self.programados:
            return None
        porcentaje = Decimal(self.programados_entregados * 100) / self.programados
        return porcentaje.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def sumar(self, otra: "Cifras") -> None:
        for nombre in _CONTEOS:
            setattr(self, nombre, getattr(self, nombre) + getattr(otra, nombre))
        if otra.ultima_fecha and (self.ultima_fecha is None or otra.ultima_fecha > self.ultima_fecha):
            self.ultima_fecha = otra.ultima_fecha


_CONTEOS = [campo.name for campo in fields(Cifras) if campo.name != "ultima_fecha"]


def _tabla(nombre: str, fuente: str) -> str:
    if fuente == "resumen":
        return nombre
    return f"({EQUIVALENCIAS[nombre][0]})"


def _consultar(sql: str, parametros: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, parametros)
        return cursor.fetchall()


def _padron(digitos: int, prefijo: str, fuente: str) -> list[tuple]:
    return _consultar(
        f"""SELECT left(distrito_id, %s) AS area, sum(hogares), sum(personas)
            FROM {_tabla("reportes_resumenpadron", fuente)} t
            WHERE distrito_id LIKE %s GROUP BY area""",
        [digitos, prefijo + "%"],
    )


def _programados(digitos: int, prefijo: str, filtros: Filtros, fuente: str) -> list[tuple]:
    """Programados y, sin filtro de fechas, también las entregas (el resumen por tipo ya las tiene)."""
    columnas = "sum(programados), sum(programados_entregados)"
    if not filtros.por_fecha:
        columnas += (", sum(entregas_app), sum(entregas_web), sum(entregas_carga), sum(personas),"
                     " sum(observadas), max(ultima_fecha)")
    condiciones, parametros = _condicion_tipo(filtros)
    return _consultar(
        f"""SELECT left(distrito_id, %s) AS area, {columnas}
            FROM {_tabla("reportes_resumentipo", fuente)} t
            WHERE distrito_id LIKE %s {condiciones} GROUP BY area""",
        [digitos, prefijo + "%", *parametros],
    )


def _entregas_por_fecha(digitos: int, prefijo: str, filtros: Filtros, fuente: str) -> list[tuple]:
    condiciones, parametros = _condicion_tipo_y_fechas(filtros)
    return _consultar(
        f"""SELECT left(distrito_id, %s) AS area, sum(entregas_app), sum(entregas_web), sum(entregas_carga),
                   sum(personas), sum(observadas),
                   max(fecha) FILTER (WHERE entregas_app + entregas_web + entregas_carga > 0)
            FROM {_tabla("reportes_resumendiario", fuente)} t
            WHERE distrito_id LIKE %s {condiciones} GROUP BY area""",
        [digitos, prefijo + "%", *parametros],
    )


def _condicion_tipo_y_fechas(filtros: Filtros) -> tuple[str, list]:
    """Condiciones del resumen diario: tipo de registro y rango de fechas, con sus parámetros."""
    condiciones, parametros = _condicion_tipo(filtros)
    if filtros.desde:
        condiciones += " AND fecha >= %s"
        parametros.append(filtros.desde)
    if filtros.hasta:
        condiciones += " AND fecha <= %s"
        parametros.append(filtros.hasta)
    return condiciones, parametros


def _condicion_tipo(filtros: Filtros) -> tuple[str, list]:
    if filtros.tipo_registro is None:
        return "", []
    return " AND tipo_registro_id = %s", [filtros.tipo_registro]


ENTREGAS = ["entregas_app", "entregas_web", "entregas_carga", "personas", "observadas", "ultima_fecha"]


def cifras_por_area(
    *, nivel: str, prefijo: str = "", filtros: Filtros = Filtros(), fuente: str = "resumen"
) -> dict[str, Cifras]:
    """Cifras de cada área de `nivel` cuyo ubigeo empieza por `prefijo`, por código de área.

    Las áreas sin datos no aparecen: quien muestra la tabla las completa con ceros.
    """
    digitos = DIGITOS[nivel]
    cifras: dict[str, Cifras] = {}

    def del_area(area: str) -> Cifras:
        if area not in cifras:
            cifras[area] = Cifras()
        return cifras[area]

    # Tres lecturas en una misma foto de la base, para que las columnas cuadren entre sí.
    afuera = not connection.in_atomic_block
    with transaction.atomic():
        if afuera:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for area, hogares, personas in _padron(digitos, prefijo, fuente):
            del_area(area).hogares, del_area(area).personas_padron = int(hogares), int(personas)
        for area, programados, entregados, *resto in _programados(digitos, prefijo, filtros, fuente):
            datos = del_area(area)
            datos.programados, datos.programados_entregados = int(programados), int(entregados)
            _asignar_entregas(datos, resto)
        if filtros.por_fecha:
            for area, *resto in _entregas_por_fecha(digitos, prefijo, filtros, fuente):
                _asignar_entregas(del_area(area), resto)
    return cifras


def _asignar_entregas(datos: Cifras, valores: list) -> None:
    for nombre, valor in zip(ENTREGAS, valores):
        setattr(datos, nombre, valor if nombre == "ultima_fecha" else int(valor or 0))


def cifras_de(*, codigo: str, filtros: Filtros = Filtros(), fuente: str = "resumen") -> Cifras:
    """Cifras de un área (o del país con `codigo=""`)."""
    nivel = {0: "departamento", 2: "departamento", 4: "provincia", 6: "distrito"}[len(codigo)]
    total = Cifras()
    for cifras in cifras_por_area(nivel=nivel, prefijo=codigo, filtros=filtros, fuente=fuente).values():
        total.sumar(cifras)
    return total


def cifras_por_tipo(*, codigo: str, filtros: Filtros = Filtros(), fuente: str = "resumen") -> dict[int, Cifras]:
    """Cifras de un área por tipo de registro (sin potenciales: el padrón no es de un tipo)."""
    por_tipo = {}
    for tipo in _tipos_con_datos(codigo, fuente):
        filtro_tipo = Filtros(tipo_registro=tipo, desde=filtros.desde, hasta=filtros.hasta)
        cifras = cifras_de(codigo=codigo, filtros=filtro_tipo, fuente=fuente)
        cifras.hogares = cifras.personas_padron = 0
        por_tipo[tipo] = cifras
    return por_tipo


def _tipos_con_datos(codigo: str, fuente: str) -> list[int]:
    filas = _consultar(
        f"""SELECT DISTINCT tipo_registro_id FROM {_tabla("reportes_resumentipo", fuente)} t
            WHERE distrito_id LIKE %s ORDER BY 1""",
        [codigo + "%"],
    )
    return [fila[0] for fila in filas]


def serie_diaria(*, codigo: str, filtros: Filtros = Filtros(), fuente: str = "resumen") -> list[tuple[date, int]]:
    """Entregas por día (hora de Lima) de un área, en orden de fecha, sin días vacíos."""
    condiciones, parametros = _condicion_tipo_y_fechas(filtros)
    filas = _consultar(
        f"""SELECT fecha, sum(entregas_app + entregas_web + entregas_carga) AS n
            FROM {_tabla("reportes_resumendiario", fuente)} t
            WHERE distrito_id LIKE %s {condiciones}
            GROUP BY fecha HAVING sum(entregas_app + entregas_web + entregas_carga) > 0 ORDER BY fecha""",
        [codigo + "%", *parametros],
    )
    return [(fecha, int(n)) for fecha, n in filas]


def semana_de_corte(hoy: date) -> tuple[date, date]:
    """Semana de reporte que contiene `hoy`: de sábado a viernes, el día de corte."""
    viernes = hoy + timedelta(days=(4 - hoy.weekday()) % 7)
    return viernes - timedelta(days=6), viernes


def distritos_sin_entregas(*, desde: date, hasta: date, prefijo: str = "", tipo_registro: int | None = None) -> list[str]:
    """Distritos con padrón o programados que no registran ninguna entrega entre `desde` y `hasta`."""
    condicion_tipo, parametros = _condicion_tipo(Filtros(tipo_registro=tipo_registro))
    filas = _consultar(
        f"""SELECT activos.distrito_id FROM (
                SELECT distrito_id FROM reportes_resumenpadron WHERE hogares > 0
                UNION SELECT distrito_id FROM reportes_resumentipo t WHERE programados > 0 {condicion_tipo}
            ) activos
            WHERE activos.distrito_id LIKE %s AND NOT EXISTS (
                SELECT 1 FROM reportes_resumendiario t
                WHERE t.distrito_id = activos.distrito_id AND t.fecha BETWEEN %s AND %s
                  AND t.entregas_app + t.entregas_web + t.entregas_carga > 0 {condicion_tipo}
            )
            ORDER BY 1""",
        [*parametros, prefijo + "%", desde, hasta, *parametros],
    )
    return [fila[0] for fila in filas]
