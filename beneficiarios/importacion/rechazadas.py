"""Descarga de las filas rechazadas: las filas originales del archivo más una columna con sus errores.

El usuario corrige esas filas en el mismo archivo y lo vuelve a subir. Las filas
ya registradas se reconocen por su documento, así que no se duplican.
"""

import tempfile
from collections import defaultdict

from django.http import FileResponse

from beneficiarios.importacion.lectura import limites_de_carga
from beneficiarios.importacion.validacion import leer_padron
from beneficiarios.models import Importacion
from canastas.auditoria import registrar_accion
from canastas.hojas.escritor import escribir_xlsx
from canastas.hojas.lector import ArchivoRechazado
from canastas.models import RegistroAccion


def errores_por_fila(importacion: Importacion) -> dict[int, list[str]]:
    errores = defaultdict(list)
    consulta = importacion.errores.filter(es_advertencia=False, fila__isnull=False).values_list("fila", "mensaje")
    for fila, mensaje in consulta.iterator(chunk_size=5000):
        errores[fila].append(mensaje)
    return errores


def _leer_padron(importacion: Importacion, flujo):
    return leer_padron(flujo, distrito_fijo=importacion.distrito_id, limites=limites_de_carga())


def _filas_rechazadas(importacion: Importacion, errores: dict[int, list[str]], leer):
    with importacion.archivo.open("rb") as flujo:
        hoja = leer(importacion, flujo)
    encabezados = ["fila", *[str(valor) for valor in hoja.encabezados], "errores"]

    def filas():
        for numero, valores in hoja.filas():
            if numero in errores:
                yield [numero, *valores, " | ".join(errores[numero])]

    return encabezados, filas()


def respuesta_filas_rechazadas(
    importacion: Importacion,
    *,
    usuario,
    request=None,
    leer=_leer_padron,
    nombre_archivo: str = "rechazadas",
    descripcion: str = "filas rechazadas",
) -> FileResponse:
    """Arma el XLSX de filas rechazadas y deja constancia de la descarga en la auditoría.

    `leer(importacion, flujo)` abre el archivo subido y devuelve su `Hoja`; la
    carga de entregas pasa su propio lector.
    """
    errores = errores_por_fila(importacion)
    destino = tempfile.TemporaryFile()
    try:
        encabezados, filas = _filas_rechazadas(importacion, errores, leer)
    except ArchivoRechazado:
        # El archivo entero fue rechazado: no hay filas que devolver, solo el motivo.
        encabezados, filas = ["errores"], [[importacion.mensaje]]
    escribir_xlsx(destino, encabezados, filas, nombre_hoja="Rechazadas")
    destino.seek(0)

    registrar_accion(
        usuario=usuario,
        accion=RegistroAccion.Accion.DESCARGAR,
        objeto=importacion,
        despues={"archivo": descripcion, "filas": len(errores)},
        request=request,
    )
    return FileResponse(
        destino,
        as_attachment=True,
        filename=f"{nombre_archivo}_{importacion.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
