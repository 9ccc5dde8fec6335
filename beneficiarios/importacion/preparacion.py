"""SQL de la tabla de preparación del padrón (`FilaPadron`).

Las filas válidas entran con COPY, que es la vía más rápida de PostgreSQL; la
detección de duplicados contra el padrón y el paso final al padrón son una
sentencia SQL cada uno, sin recorrer filas en Python.
"""

import queue
import threading

from django.db import connection, connections
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


class EscritorDeLotes:
    """Ejecuta las escrituras por lotes en un hilo aparte, con su propia conexión.

    Mientras PostgreSQL recibe un lote (COPY de filas, errores), Python sigue
    validando las filas siguientes: el hilo pasa casi todo el tiempo esperando la
    red, sin el GIL. Dentro de una transacción (las pruebas, o quien llame con
    `atomic`) escribe en el mismo hilo: otra conexión no vería lo no confirmado.
    El primer error del hilo se vuelve a lanzar en `enviar` o en `terminar`.
    """

    def __init__(self):
        self._en_hilo = not connection.in_atomic_block
        self._error: BaseException | None = None
        if self._en_hilo:
            self._cola: queue.Queue = queue.Queue(maxsize=4)
            self._hilo = threading.Thread(target=self._trabajar, name="escritor-de-lotes", daemon=True)
            self._hilo.start()

    def enviar(self, tarea) -> None:
        if not self._en_hilo:
            tarea()
            return
        if self._error is not None:
            raise self._error
        self._cola.put(tarea)

    def terminar(self) -> None:
        if self._en_hilo:
            self._cola.put(None)
            self._hilo.join()
        if self._error is not None:
            raise self._error

    def _trabajar(self) -> None:
        try:
            while (tarea := self._cola.get()) is not None:
                # Tras un error se siguen sacando tareas (sin hacerlas) para no trabar al productor.
                if self._error is None:
                    try:
                        tarea()
                    except BaseException as error:  # se relanza en el hilo principal
                        self._error = error
        finally:
            connections.close_all()


class CopiaFilas:
    """Junta filas limpias y las copia a la tabla de preparación con COPY, por lotes.

    Por lotes y no en un solo COPY: mientras un COPY está abierto la conexión no
    admite otras sentencias, y entre lote y lote se guardan errores y avance.
    """

    LOTE = 5000

    def __init__(self, importacion_id: int, escritor: EscritorDeLotes | None = None):
        self.importacion_id = importacion_id
        self.cantidad = 0
        self._pendientes: list[tuple] = []
        self._escritor = escritor

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
        lote, self._pendientes = self._pendientes, []
        self.cantidad += len(lote)
        if self._escritor is None:
            _copiar(lote)
        else:
            self._escritor.enviar(lambda: _copiar(lote))


def _copiar(lote: list[tuple]) -> None:
    columnas = ", ".join(COLUMNAS_COPIA)
    with connection.cursor() as cursor, cursor.copy(f"COPY {TABLA_FILAS} ({columnas}) FROM STDIN") as copia:
        for fila in lote:
            copia.write_row(fila)


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
            ON CONFLICT (tipo_documento, numero_documento) DO NOTHING
            """,
            [ahora, ahora, importacion_id],
        )
        return cursor.rowcount


def muestra(importacion_id: int, cantidad: int) -> list[FilaPadron]:
    return list(
        FilaPadron.objects.filter(importacion_id=importacion_id, duplicado="").order_by("fila")[:cantidad]
    )
