"""Descarga de las filas rechazadas de una carga de entregas, con una columna con sus errores.

El usuario corrige esas filas y las vuelve a subir. Las entregas ya
registradas se reconocen por documento y tipo de registro, así que no se duplican.
"""

import tempfile

from django.http import FileResponse

from beneficiarios.importacion.lectura import limites_de_carga
from beneficiarios.importacion.rechazadas import _errores_por_fila
from beneficiarios.models import Importacion
from canastas.auditoria import registrar_accion
from canastas.hojas.escritor import escribir_xlsx
from canastas.hojas.lector import ArchivoRechazado
from canastas.models import RegistroAccion
from entregas.carga.validacion import leer_carga

TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filas_rechazadas(importacion: Importacion, errores: dict[int, list[str]]):
    with importacion.archivo.open("rb") as flujo:
        hoja = leer_carga(flujo, limites=limites_de_carga())
    encabezados = ["fila", *[str(valor) for valor in hoja.encabezados], "errores"]

    def filas():
        for numero, valores in hoja.filas():
            if numero in errores:
                yield [numero, *valores, " | ".join(errores[numero])]

    return encabezados, filas()


def respuesta_filas_rechazadas(importacion: Importacion, *, usuario, request=None) -> FileResponse:
    """Arma el XLSX de filas rechazadas y deja constancia de la descarga en la auditoría."""
    errores = _errores_por_fila(importacion)
    destino = tempfile.TemporaryFile()
    try:
        encabezados, filas = _filas_rechazadas(importacion, errores)
    except ArchivoRechazado:
        # El archivo entero fue rechazado: no hay filas que devolver, solo el motivo.
        encabezados, filas = ["errores"], [[importacion.mensaje]]
    escribir_xlsx(destino, encabezados, filas, nombre_hoja="Rechazadas")
    destino.seek(0)

    registrar_accion(
        usuario=usuario,
        accion=RegistroAccion.Accion.DESCARGAR,
        objeto=importacion,
        despues={"archivo": "filas rechazadas de entregas", "filas": len(errores)},
        request=request,
    )
    return FileResponse(
        destino, as_attachment=True, filename=f"entregas_rechazadas_{importacion.pk}.xlsx", content_type=TIPO_XLSX
    )
