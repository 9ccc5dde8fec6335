"""Une el lector y la validación (sin base de datos) con la base de datos.

`validar_archivo` recorre las filas una vez. Las válidas van por COPY a la tabla
de preparación, y los errores y advertencias se guardan por lotes. Así la memoria
propia no crece con el archivo, salvo la hoja entera que calamine tiene cargada.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from beneficiarios.importacion.preparacion import CopiaFilas, EscritorDeLotes
from beneficiarios.importacion.validacion import leer_padron, validar_filas
from beneficiarios.models import ErrorImportacion, Importacion
from canastas.hojas.lector import Limites, revisar_formato
from canastas.models import Distrito
from canastas.texto import texto_busqueda

logger = logging.getLogger(__name__)

LOTE_ERRORES = 5000
# Hasta este tamaño el archivo se revisa completo al subirlo y los rechazos se
# ven en el formulario. Uno mayor solo se revisa por tipo al subirlo: abrirlo dos
# veces (al subir y al validar) costaría segundos, y su rechazo por encabezado o
# columnas se muestra en la página de la carga.
BYTES_INSPECCION_COMPLETA = 2 * 1024 * 1024
# Cada cuántos segundos, como mínimo, se publica el avance para la barra de progreso.
SEGUNDOS_ENTRE_AVANCES = 0.5
# Errores guardados por importación: un archivo con todo mal no llena la base de datos.
MAXIMO_ERRORES = 50_000


@dataclass(frozen=True)
class Inspeccion:
    formato: str
    hoja: str
    fila_encabezado: int | None
    total_estimado: int


@dataclass
class ResumenValidacion:
    filas: int = 0
    validas: int = 0
    con_advertencias: int = 0


def limites_de_carga() -> Limites:
    return Limites(bytes_archivo=settings.CANASTAS_MAX_ARCHIVO_PADRON)


def inspeccionar_padron(archivo, *, distrito_fijo) -> Inspeccion:
    """Revisa el archivo al subirlo; lanza `ArchivoRechazado` si no sirve.

    Hasta BYTES_INSPECCION_COMPLETA abre la hoja y revisa encabezado y columnas;
    por encima, solo el tipo (la validación en segundo plano revisa el resto).
    """
    if archivo.size > BYTES_INSPECCION_COMPLETA:
        try:
            formato = revisar_formato(archivo, limites=limites_de_carga())
        finally:
            archivo.seek(0)
        return Inspeccion(formato=formato, hoja="", fila_encabezado=None, total_estimado=0)

    try:
        hoja = leer_padron(archivo, distrito_fijo=distrito_fijo.codigo if distrito_fijo else None, limites=limites_de_carga())
    finally:
        archivo.seek(0)
    return Inspeccion(
        formato=hoja.formato,
        hoja=hoja.nombre,
        fila_encabezado=hoja.fila_encabezado,
        total_estimado=hoja.filas_estimadas,
    )


def validar_archivo(importacion: Importacion) -> ResumenValidacion:
    """Valida todas las filas del archivo de `importacion` y copia las válidas a la preparación."""
    codigo_distrito = importacion.distrito_id
    with importacion.archivo.open("rb") as flujo:
        hoja = leer_padron(flujo, distrito_fijo=codigo_distrito, limites=limites_de_carga())
    Importacion.objects.with_scopes_disabled().filter(pk=importacion.pk).update(
        hoja=hoja.nombre, fila_encabezado=hoja.fila_encabezado, total_filas=hoja.filas_estimadas
    )

    validacion = validar_filas(
        hoja,
        ubigeos_validos=frozenset(Distrito.objects.values_list("codigo", flat=True)),
        distrito_fijo=codigo_distrito,
        hoy=timezone.localdate(),
    )
    resumen = ResumenValidacion()
    escritor = EscritorDeLotes()
    try:
        errores = LoteErrores(importacion, escritor)
        for codigo, mensaje in validacion.advertencias_archivo:
            errores.agregar(None, "", "", codigo, mensaje, advertencia=True)

        avance = AvanceImportacion(importacion.pk)
        copia = CopiaFilas(importacion.pk, escritor)
        for resultado in validacion:
            resumen.filas += 1
            _guardar_resultado(resultado, copia, errores, resumen)
            avance.publicar(resumen.filas)
        copia.vaciar()
        errores.vaciar()
    finally:
        escritor.terminar()
    return resumen


def _guardar_resultado(resultado, copia: CopiaFilas, errores: "LoteErrores", resumen: ResumenValidacion) -> None:
    for observacion in resultado.errores:
        errores.agregar(*observacion, advertencia=False)
    for observacion in resultado.advertencias:
        errores.agregar(*observacion, advertencia=True)
    if resultado.valores is None:
        return

    resumen.validas += 1
    if resultado.advertencias:
        resumen.con_advertencias += 1
    valores = resultado.valores
    valores["distrito_id"] = valores["ubigeo"]
    busqueda = texto_busqueda(
        valores["apellido_paterno"], valores["apellido_materno"], valores["nombres"], valores["numero_documento"]
    )
    copia.agregar(resultado.fila, valores, busqueda)


class LoteErrores:
    """Acumula errores y los guarda con bulk_create por lotes, hasta MAXIMO_ERRORES."""

    def __init__(self, importacion: Importacion, escritor: EscritorDeLotes | None = None):
        self.importacion = importacion
        self.pendientes: list[ErrorImportacion] = []
        self.guardados = 0
        self.escritor = escritor

    def agregar(self, fila, columna, valor, codigo, mensaje, *, advertencia: bool) -> None:
        if self.guardados + len(self.pendientes) >= MAXIMO_ERRORES:
            return
        self.pendientes.append(
            ErrorImportacion(
                importacion=self.importacion, fila=fila, columna=columna[:60], valor=str(valor)[:200],
                codigo=codigo, mensaje=mensaje, es_advertencia=advertencia,
            )
        )
        if len(self.pendientes) >= LOTE_ERRORES:
            self.vaciar()

    def vaciar(self) -> None:
        if not self.pendientes:
            return
        lote, self.pendientes = self.pendientes, []
        self.guardados += len(lote)
        if self.escritor is None:
            ErrorImportacion.objects.bulk_create(lote, batch_size=LOTE_ERRORES)
        else:
            self.escritor.enviar(lambda: ErrorImportacion.objects.bulk_create(lote, batch_size=LOTE_ERRORES))


class AvanceImportacion:
    """Publica las filas revisadas, sin escribir en la base de datos más de dos veces por segundo."""

    def __init__(self, importacion_id: int):
        self.importacion_id = importacion_id
        self.ultimo = time.monotonic()

    def publicar(self, filas: int) -> None:
        ahora = time.monotonic()
        if ahora - self.ultimo < SEGUNDOS_ENTRE_AVANCES:
            return
        self.ultimo = ahora
        Importacion.objects.with_scopes_disabled().filter(pk=self.importacion_id).update(filas_procesadas=filas)
