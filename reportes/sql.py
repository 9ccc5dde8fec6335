"""SQL del resumen de reportes.

Las tres consultas `*_DESDE_DETALLE` calculan, desde las tablas de detalle, exactamente lo que los
disparadores mantienen en las tablas de resumen: sirven para reconstruir el resumen, para verificar que
cuadra y como línea base en `make bench`. Una entrega cuenta mientras no esté anulada; su día es la fecha
de entrega en hora de Lima.
"""

DIA_LIMA = "(fecha_entrega AT TIME ZONE 'America/Lima')::date"
PERSONAS_ENTREGA = "(miembros_0_5 + miembros_6_17 + miembros_18_59 + miembros_60_mas)"

# Columnas de conteo de entregas, en el mismo orden en el resumen por tipo y en el diario.
COLUMNAS_ENTREGAS = ["entregas_app", "entregas_web", "entregas_carga", "personas", "observadas"]


def conteos_de_entregas(signo: str = "1") -> str:
    """Expresiones de agregado de las columnas de entregas; `signo` resta las filas que salen."""
    return f"""
        coalesce(sum({signo}) FILTER (WHERE origen = 'app'), 0) AS entregas_app,
        coalesce(sum({signo}) FILTER (WHERE origen = 'web'), 0) AS entregas_web,
        coalesce(sum({signo}) FILTER (WHERE origen = 'carga_masiva'), 0) AS entregas_carga,
        coalesce(sum({signo} * personas), 0) AS personas,
        coalesce(sum({signo}) FILTER (WHERE estado = 'observada'), 0) AS observadas"""


ENTREGAS_VIGENTES = f"""
    SELECT distrito_id, tipo_registro_id, beneficiario_id, origen, estado,
           {DIA_LIMA} AS fecha, {PERSONAS_ENTREGA} AS personas
    FROM entregas_entrega
    WHERE estado <> 'anulada'"""

PADRON_DESDE_DETALLE = """
    SELECT distrito_id, count(*) AS hogares, coalesce(sum(miembros_hogar), 0) AS personas
    FROM beneficiarios_beneficiario
    WHERE estado <> 'baja'
    GROUP BY distrito_id"""

DIARIO_DESDE_DETALLE = f"""
    SELECT distrito_id, tipo_registro_id, fecha, {conteos_de_entregas()}
    FROM ({ENTREGAS_VIGENTES}) e
    GROUP BY distrito_id, tipo_registro_id, fecha"""

TIPO_DESDE_DETALLE = f"""
    WITH e AS (
        SELECT distrito_id, tipo_registro_id, {conteos_de_entregas()}, max(fecha) AS ultima_fecha
        FROM ({ENTREGAS_VIGENTES}) e
        GROUP BY distrito_id, tipo_registro_id
    ), p AS (
        SELECT p.distrito_id, p.tipo_registro_id, count(*) AS programados,
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM entregas_entrega x
                   WHERE x.beneficiario_id = p.beneficiario_id
                     AND x.tipo_registro_id = p.tipo_registro_id AND x.estado <> 'anulada'
               )) AS programados_entregados
        FROM entregas_programacion p
        GROUP BY p.distrito_id, p.tipo_registro_id
    )
    SELECT distrito_id, tipo_registro_id,
           coalesce(p.programados, 0) AS programados,
           coalesce(p.programados_entregados, 0) AS programados_entregados,
           coalesce(e.entregas_app, 0) AS entregas_app, coalesce(e.entregas_web, 0) AS entregas_web,
           coalesce(e.entregas_carga, 0) AS entregas_carga, coalesce(e.personas, 0) AS personas,
           coalesce(e.observadas, 0) AS observadas, e.ultima_fecha
    FROM e FULL JOIN p USING (distrito_id, tipo_registro_id)"""

COLUMNAS_TIPO = [
    "distrito_id", "tipo_registro_id", "programados", "programados_entregados",
    *COLUMNAS_ENTREGAS, "ultima_fecha",
]
COLUMNAS_DIARIO = ["distrito_id", "tipo_registro_id", "fecha", *COLUMNAS_ENTREGAS]
COLUMNAS_PADRON = ["distrito_id", "hogares", "personas"]

# Tabla de resumen → (consulta equivalente sobre el detalle, columnas comparables).
EQUIVALENCIAS = {
    "reportes_resumenpadron": (PADRON_DESDE_DETALLE, COLUMNAS_PADRON),
    "reportes_resumentipo": (TIPO_DESDE_DETALLE, COLUMNAS_TIPO),
    "reportes_resumendiario": (DIARIO_DESDE_DETALLE, COLUMNAS_DIARIO),
}
