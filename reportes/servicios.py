"""Mantenimiento del resumen de reportes: reconstruirlo y comprobar que cuadra con el detalle."""

from contextlib import contextmanager

from django.db import connection, transaction

from reportes.sql import EQUIVALENCIAS

# Una fila de resumen en cero no aporta nada: la comparación la ignora.
SIN_CEROS = {
    "reportes_resumenpadron": "hogares <> 0 OR personas <> 0",
    "reportes_resumentipo": ("programados <> 0 OR programados_entregados <> 0 OR entregas_app <> 0"
                             " OR entregas_web <> 0 OR entregas_carga <> 0 OR personas <> 0 OR observadas <> 0"),
    "reportes_resumendiario": "entregas_app <> 0 OR entregas_web <> 0 OR entregas_carga <> 0",
}


@transaction.atomic
def resumen_recalcular() -> None:
    """Rehace las tres tablas de resumen desde el detalle (p. ej. tras una carga con disparadores apagados)."""
    with connection.cursor() as cursor:
        # Bloquea el detalle contra escrituras mientras se reconstruye, para no perder un cambio concurrente.
        cursor.execute(
            "LOCK TABLE beneficiarios_beneficiario, entregas_entrega, entregas_programacion IN SHARE MODE"
        )
        # DELETE y no TRUNCATE: dentro de una transacción con claves foráneas diferidas pendientes,
        # PostgreSQL no permite TRUNCATE.
        for tabla in EQUIVALENCIAS:
            cursor.execute(f"DELETE FROM {tabla}")
        for tabla, (consulta, columnas) in EQUIVALENCIAS.items():
            lista = ", ".join(columnas)
            cursor.execute(f"INSERT INTO {tabla} ({lista}) SELECT {lista} FROM ({consulta}) q")


def resumen_diferencias(*, limite: int = 20) -> dict[str, list[tuple]]:
    """Filas en que el resumen y el detalle no coinciden, por tabla; vacío cuando todo cuadra."""
    diferencias = {}
    with connection.cursor() as cursor:
        for tabla, (consulta, columnas) in EQUIVALENCIAS.items():
            lista = ", ".join(columnas)
            resumen = f"SELECT {lista} FROM {tabla} WHERE {SIN_CEROS[tabla]}"
            detalle = f"SELECT {lista} FROM ({consulta}) q"
            cursor.execute(
                f"(({resumen}) EXCEPT ({detalle})) UNION ALL (({detalle}) EXCEPT ({resumen})) LIMIT %s",
                [limite],
            )
            filas = cursor.fetchall()
            if filas:
                diferencias[tabla] = filas
    return diferencias


@contextmanager
def entregas_de_carga_al_final(*, importacion_id: int):
    """Difiere el resumen de las entregas que una carga masiva registra, y lo suma de una vez al salir.

    Debe usarse dentro de la transacción de la carga. Sin esto, cada fila actualizaría las mismas filas
    del resumen sin confirmar, y PostgreSQL recorre una versión más de cada una en cada vuelta.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL canastas.resumen_diferido = 'on'")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL canastas.resumen_diferido = 'off'")
        # Las entregas de una carga solo existen si esta misma transacción las registró: si una aplicación
        # anterior hubiera fallado, se habría deshecho entera.
        cursor.execute(
            "SELECT reportes_sumar_entregas(%s)",
            [f"SELECT * FROM entregas_entrega WHERE importacion_id = {int(importacion_id)}"],
        )
