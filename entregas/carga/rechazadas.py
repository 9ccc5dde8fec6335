"""Descarga de las filas rechazadas de una carga de entregas, con una columna con sus errores.

El usuario corrige esas filas y las vuelve a subir. Las entregas ya
registradas se reconocen por documento y tipo de registro, así que no se duplican.
"""

from django.http import FileResponse

from beneficiarios.importacion import rechazadas
from beneficiarios.importacion.lectura import limites_de_carga
from beneficiarios.models import Importacion
from entregas.carga.validacion import leer_carga

TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _leer_carga(importacion: Importacion, flujo):
    return leer_carga(flujo, limites=limites_de_carga())


def respuesta_filas_rechazadas(importacion: Importacion, *, usuario, request=None) -> FileResponse:
    """Arma el XLSX de filas rechazadas de entregas y deja constancia de la descarga en la auditoría."""
    return rechazadas.respuesta_filas_rechazadas(
        importacion,
        usuario=usuario,
        request=request,
        leer=_leer_carga,
        nombre_archivo="entregas_rechazadas",
        descripcion="filas rechazadas de entregas",
    )
