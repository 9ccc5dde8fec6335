"""SQL de los disparadores que mantienen el resumen de reportes al día (migraciones 0002 y 0004).

Son de nivel de sentencia con tablas de transición: una carga por COPY o un INSERT … SELECT de cien
mil filas actualiza el resumen con un solo upsert agrupado, no fila por fila. Cada función recibe las
filas que salen (signo −1) y las que entran (signo +1); una actualización es ambas cosas.

Carrera entre una entrega y la programación del mismo hogar: cada disparador bloquea primero las filas
de resumen por (distrito, tipo) y solo después mira la otra tabla. Esa lectura es una consulta nueva, así
que en READ COMMITTED ya ve lo que la otra transacción confirmó y «programados entregados» no se pierde.
"""

from reportes.sql import COLUMNAS_ENTREGAS, DIA_LIMA, EQUIVALENCIAS, PERSONAS_ENTREGA, conteos_de_entregas

# Filas que entran y salen según la operación; `*` trae todas las columnas de la tabla de transición.
FUENTE = """
    fuente := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT 1 AS signo, * FROM nuevas'
        WHEN 'DELETE' THEN 'SELECT -1 AS signo, * FROM viejas'
        ELSE 'SELECT -1 AS signo, * FROM viejas UNION ALL SELECT 1, * FROM nuevas'
    END;"""

SUMAS = ", ".join(f"{c} = r.{c} + g.{c}" for c in COLUMNAS_ENTREGAS)

PADRON = f"""
CREATE FUNCTION reportes_delta_padron() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE fuente text;
BEGIN
    {FUENTE}
    EXECUTE format($q$
        INSERT INTO reportes_resumenpadron AS r (distrito_id, hogares, personas)
        SELECT distrito_id, sum(signo), sum(signo * miembros_hogar)
        FROM (%s) d WHERE estado <> 'baja'
        GROUP BY distrito_id
        HAVING sum(signo) <> 0 OR sum(signo * miembros_hogar) <> 0
        ORDER BY distrito_id
        ON CONFLICT (distrito_id) DO UPDATE
        SET hogares = r.hogares + excluded.hogares, personas = r.personas + excluded.personas
    $q$, fuente);
    RETURN NULL;
END $$;
"""

# Claves (distrito, tipo) que un cambio toca, creadas en cero si faltan y bloqueadas en orden.
BLOQUEAR_CLAVES = """
    EXECUTE format($q$
        WITH d AS (%1$s), claves AS (%2$s)
        INSERT INTO reportes_resumentipo (distrito_id, tipo_registro_id, programados, programados_entregados,
            entregas_app, entregas_web, entregas_carga, personas, observadas)
        SELECT distrito_id, tipo_registro_id, 0, 0, 0, 0, 0, 0, 0 FROM claves ORDER BY 1, 2
        ON CONFLICT (distrito_id, tipo_registro_id) DO NOTHING
    $q$, delta, claves);
    EXECUTE format($q$
        WITH d AS (%1$s), claves AS (%2$s)
        SELECT 1 FROM reportes_resumentipo r JOIN claves USING (distrito_id, tipo_registro_id)
        ORDER BY r.distrito_id, r.tipo_registro_id FOR UPDATE OF r
    $q$, delta, claves);"""

CUERPO_ENTREGA = f"""
    delta := format($q$
        SELECT signo, distrito_id, tipo_registro_id, beneficiario_id, origen, estado,
               {DIA_LIMA} AS fecha, {PERSONAS_ENTREGA} AS personas
        FROM (%s) s WHERE estado <> 'anulada'
    $q$, fuente);
    -- La fila de la programación puede estar en otro distrito que la entrega: también se bloquea.
    claves := $q$
        SELECT distrito_id, tipo_registro_id FROM d
        UNION SELECT p.distrito_id, p.tipo_registro_id
        FROM d JOIN entregas_programacion p USING (beneficiario_id, tipo_registro_id)
    $q$;
    {BLOQUEAR_CLAVES}

    EXECUTE format($q$
        WITH d AS (%s)
        UPDATE reportes_resumentipo r SET {SUMAS}
        FROM (SELECT distrito_id, tipo_registro_id, {conteos_de_entregas("signo")}
              FROM d GROUP BY distrito_id, tipo_registro_id) g
        WHERE r.distrito_id = g.distrito_id AND r.tipo_registro_id = g.tipo_registro_id
    $q$, delta);

    EXECUTE format($q$
        WITH d AS (%s)
        UPDATE reportes_resumentipo r SET programados_entregados = r.programados_entregados + g.n
        FROM (SELECT p.distrito_id, p.tipo_registro_id, sum(d.signo) AS n
              FROM d JOIN entregas_programacion p USING (beneficiario_id, tipo_registro_id)
              GROUP BY p.distrito_id, p.tipo_registro_id) g
        WHERE r.distrito_id = g.distrito_id AND r.tipo_registro_id = g.tipo_registro_id
    $q$, delta);

    EXECUTE format($q$
        WITH d AS (%s)
        INSERT INTO reportes_resumendiario AS r (distrito_id, tipo_registro_id, fecha, {", ".join(COLUMNAS_ENTREGAS)})
        SELECT distrito_id, tipo_registro_id, fecha, {conteos_de_entregas("signo")}
        FROM d GROUP BY distrito_id, tipo_registro_id, fecha
        ORDER BY 1, 2, 3
        ON CONFLICT (distrito_id, tipo_registro_id, fecha) DO UPDATE SET {SUMAS.replace("g.", "excluded.")}
    $q$, delta);

    -- La última fecha sale del diario: una anulación puede hacerla retroceder.
    EXECUTE format($q$
        WITH d AS (%s)
        UPDATE reportes_resumentipo r SET ultima_fecha = (
            SELECT max(fecha) FROM reportes_resumendiario x
            WHERE x.distrito_id = r.distrito_id AND x.tipo_registro_id = r.tipo_registro_id
              AND x.entregas_app + x.entregas_web + x.entregas_carga > 0)
        FROM (SELECT DISTINCT distrito_id, tipo_registro_id FROM d) g
        WHERE r.distrito_id = g.distrito_id AND r.tipo_registro_id = g.tipo_registro_id
    $q$, delta);"""

# Una carga masiva registra fila por fila en una sola transacción: actualizar las mismas filas del resumen
# miles de veces sin confirmar alarga sus cadenas de versiones y cada vuelta cuesta más que la anterior.
# Con `canastas.resumen_diferido = on` el disparador no hace nada y la carga suma todo al final
# con `reportes_sumar_entregas`.
ENTREGA = f"""
CREATE OR REPLACE FUNCTION reportes_delta_entrega() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE fuente text; delta text; claves text;
BEGIN
    IF current_setting('canastas.resumen_diferido', true) = 'on' THEN
        RETURN NULL;
    END IF;
    {FUENTE}
    {CUERPO_ENTREGA}
    RETURN NULL;
END $$;
"""

# Suma al resumen las entregas que devuelve `consulta` (filas de entregas_entrega) como si acabaran de entrar.
SUMAR_ENTREGAS = f"""
CREATE OR REPLACE FUNCTION reportes_sumar_entregas(consulta text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE fuente text; delta text; claves text;
BEGIN
    fuente := format('SELECT 1 AS signo, * FROM (%s) x', consulta);
    {CUERPO_ENTREGA}
END $$;
"""

PROGRAMACION = f"""
CREATE FUNCTION reportes_delta_programacion() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE fuente text; delta text; claves text;
BEGIN
    {FUENTE}
    delta := format('SELECT signo, distrito_id, tipo_registro_id, beneficiario_id FROM (%s) s', fuente);
    claves := 'SELECT DISTINCT distrito_id, tipo_registro_id FROM d';
    {BLOQUEAR_CLAVES}

    EXECUTE format($q$
        WITH d AS (%s)
        UPDATE reportes_resumentipo r
        SET programados = r.programados + g.n, programados_entregados = r.programados_entregados + g.e
        FROM (SELECT distrito_id, tipo_registro_id, sum(signo) AS n,
                     coalesce(sum(signo) FILTER (WHERE EXISTS (
                         SELECT 1 FROM entregas_entrega x
                         WHERE x.beneficiario_id = d.beneficiario_id
                           AND x.tipo_registro_id = d.tipo_registro_id AND x.estado <> 'anulada'
                     )), 0) AS e
              FROM d GROUP BY distrito_id, tipo_registro_id) g
        WHERE r.distrito_id = g.distrito_id AND r.tipo_registro_id = g.tipo_registro_id
    $q$, delta);
    RETURN NULL;
END $$;
"""


def _disparadores(tabla: str, funcion: str) -> str:
    """Tres disparadores por tabla: PostgreSQL no admite tablas de transición con varios eventos."""
    return f"""
    CREATE TRIGGER {funcion}_ins AFTER INSERT ON {tabla}
        REFERENCING NEW TABLE AS nuevas FOR EACH STATEMENT EXECUTE FUNCTION {funcion}();
    CREATE TRIGGER {funcion}_upd AFTER UPDATE ON {tabla}
        REFERENCING OLD TABLE AS viejas NEW TABLE AS nuevas FOR EACH STATEMENT EXECUTE FUNCTION {funcion}();
    CREATE TRIGGER {funcion}_del AFTER DELETE ON {tabla}
        REFERENCING OLD TABLE AS viejas FOR EACH STATEMENT EXECUTE FUNCTION {funcion}();
    """


CREAR = "\n".join([
    PADRON, ENTREGA, SUMAR_ENTREGAS, PROGRAMACION,
    _disparadores("beneficiarios_beneficiario", "reportes_delta_padron"),
    _disparadores("entregas_entrega", "reportes_delta_entrega"),
    _disparadores("entregas_programacion", "reportes_delta_programacion"),
])

BORRAR = """
    DROP FUNCTION IF EXISTS reportes_sumar_entregas(text);
    DROP FUNCTION IF EXISTS reportes_delta_padron() CASCADE;
    DROP FUNCTION IF EXISTS reportes_delta_entrega() CASCADE;
    DROP FUNCTION IF EXISTS reportes_delta_programacion() CASCADE;
"""

# Llena el resumen con lo que ya hay en la base (una base de desarrollo con datos).
LLENAR = ";\n".join(
    f"INSERT INTO {tabla} ({', '.join(columnas)}) SELECT {', '.join(columnas)} FROM ({consulta}) q"
    for tabla, (consulta, columnas) in EQUIVALENCIAS.items()
)
VACIAR = "TRUNCATE reportes_resumenpadron, reportes_resumentipo, reportes_resumendiario"

