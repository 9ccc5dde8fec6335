"""SQL de la tabla de preparación del padrón (`FilaPadron`).

Las filas válidas entran con COPY, que es la vía más rápida de PostgreSQL; la
detección de duplicados contra el padrón y el paso final al padrón son una
sentencia SQL cada uno, sin recorrer filas en Python.
"""

from django.db import connection
from django.utils import timezone

from beneficiarios.models import Beneficiario, ErrorImportacion, FilaPadron

TABLA_FILAS = FilaPadron._meta.db_table
TABLA_PADRON = Beneficiario._meta.db_table
TABLA_ERRORES = ErrorImportacion._meta.db_table

COLUMNAS_COPIA = [
    "importacion_id", "fila", "distrito_id", "tipo_documento", "numero_documento", "apellido_paterno",
    "apellido_materno", "nombres", "fecha_nacimiento", "sexo", "telefono", "direccion", "miembros_hogar",
    "busqueda", "duplicado",
]
COLUMNAS_PADRON = [
    "distrito_id", "tipo_documento", "numero_documento", "apellido_paterno", "apellido_materno", "nombres",
    "fecha_nacimiento", "sexo", "telefono", "direccion", "miembros_hogar", "busqueda",
]

MENSAJE_DUP_BD = (
    "el documento {documento} ya está en el padrón de este distrito; la fila no se vuelve a cargar. "
    "Si sus datos cambiaron, corríjalos desde la ficha del hogar."
)
# No revela datos del registro ajeno: solo que el documento ya tiene dueño.
MENSAJE_DUP_OTRA_MUNI = (
    "el documento {documento} ya está registrado en el padrón de otra municipalidad; un hogar solo "
    "puede estar en un padrón. Coordine con el equipo nacional si debe trasladarse."
)


class CopiaFilas:
    """Junta filas limpias y las copia a la tabla de preparación con COPY, por lotes.

    Por lotes y no en un solo COPY: mientras un COPY está abierto la conexión no
    admite otras sentencias, y entre lote y lote se guardan errores y avance.
    """

    LOTE = 5000

    def __init__(self, importacion_id: int):
        self.importacion_id = importacion_id
        self.cantidad = 0
        self._pendientes: list[tuple] = []

    def agregar(self, fila: int, valores: dict, busqueda: str) -> None:
        self._pendientes.append(
            (
                self.importacion_id, fila, valores["distrito_id"], valores["tipo_documento"],
                valores["numero_documento"], valores["apellido_paterno"], valores["apellido_materno"],
                valores["nombres"], valores["fecha_nacimiento"], valores["sexo"], valores["telefono"],
                valores["direccion"], valores["miembros_hogar"], busqueda, "",
            )
        )
        if len(self._pendientes) >= self.LOTE:
            self.vaciar()

    def vaciar(self) -> None:
        if not self._pendientes:
            return
        columnas = ", ".join(COLUMNAS_COPIA)
        with connection.cursor() as cursor, cursor.copy(f"COPY {TABLA_FILAS} ({columnas}) FROM STDIN") as copia:
            for fila in self._pendientes:
                copia.write_row(fila)
        self.cantidad += len(self._pendientes)
        self._pendientes = []


def borrar_filas(importacion_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLA_FILAS} WHERE importacion_id = %s", [importacion_id])


def marcar_duplicados(importacion_id: int) -> int:
    """Marca las filas cuyo documento ya está en el padrón y registra su error. Devuelve cuántas."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {TABLA_FILAS} AS f
               SET duplicado = CASE WHEN b.distrito_id = f.distrito_id
                                    THEN 'E-DUP-BD' ELSE 'E-DUP-OTRA-MUNI' END
              FROM {TABLA_PADRON} AS b
             WHERE f.importacion_id = %s
               AND b.tipo_documento = f.tipo_documento
               AND b.numero_documento = f.numero_documento
            """,
            [importacion_id],
        )
        marcadas = cursor.rowcount
        if marcadas:
            _registrar_errores_duplicados(cursor, importacion_id)
    return marcadas


def _registrar_errores_duplicados(cursor, importacion_id: int) -> None:
    cursor.execute(
        f"""
        INSERT INTO {TABLA_ERRORES} (importacion_id, fila, columna, valor, codigo, mensaje, es_advertencia)
        SELECT importacion_id, fila, 'numero_documento', numero_documento, duplicado,
               'Fila ' || fila || ', columna «numero_documento»: '
               || replace(CASE WHEN duplicado = 'E-DUP-BD' THEN %s ELSE %s END,
                          '{{documento}}', tipo_documento || ' ' || numero_documento),
               FALSE
          FROM {TABLA_FILAS}
         WHERE importacion_id = %s AND duplicado <> ''
        """,
        [MENSAJE_DUP_BD, MENSAJE_DUP_OTRA_MUNI, importacion_id],
    )


def insertar_en_padron(importacion_id: int) -> int:
    """Inserta las filas nuevas en el padrón; un documento ya presente se omite. Devuelve cuántas."""
    columnas = ", ".join(COLUMNAS_PADRON)
    ahora = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {TABLA_PADRON}
                   ({columnas}, referencia, centro_poblado, es_adulto_mayor, tiene_discapacidad,
                    es_gestante, fuente, estado, importacion_id, creado, modificado)
            SELECT {columnas}, '', '', FALSE, FALSE, FALSE, '', 'activo', importacion_id, %s, %s
              FROM {TABLA_FILAS}
             WHERE importacion_id = %s AND duplicado = ''
             ORDER BY fila
            ON CONFLICT (tipo_documento, numero_documento) DO NOTHING
            """,
            [ahora, ahora, importacion_id],
        )
        return cursor.rowcount


def muestra(importacion_id: int, cantidad: int) -> list[FilaPadron]:
    return list(
        FilaPadron.objects.filter(importacion_id=importacion_id, duplicado="").order_by("fila")[:cantidad]
    )
