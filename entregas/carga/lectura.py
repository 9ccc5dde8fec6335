"""Apertura de una carga de entregas guardada: su hoja, su ZIP de fotos y la revisión completa de sus filas.

La usan la validación y la aplicación, que recorren las mismas filas con las
mismas reglas.
"""

import tempfile

from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from beneficiarios.importacion.lectura import limites_de_carga
from beneficiarios.models import Importacion
from entregas.carga.columnas import TipoRegistroCarga
from entregas.carga.fotos import IndiceFotos, abrir_fotos
from entregas.carga.validacion import ValidacionCarga, leer_carga
from entregas.carga.verificacion import VerificacionCarga
from entregas.models import TipoRegistro
from entregas.selectores import tipos_visibles


def ruta_fotos(importacion: Importacion) -> str:
    """Ruta del ZIP de fotos de la carga en el almacén; si no existe, la carga no trajo fotos.

    El modelo no tiene un campo para el ZIP, así que la ruta sale de la carga
    misma. El id solo no basta: tras restaurar o recrear la base de datos un id
    se repite y la carga nueva tomaría el ZIP de otra. Por eso lleva también
    el SHA-256 de la hoja y el instante exacto de la subida.
    """
    subida = importacion.creado.strftime("%Y%m%d%H%M%S%f")
    return f"importaciones/fotos/carga-entregas-{importacion.pk}-{subida}-{importacion.sha256[:16]}.zip"


def abrir_fotos_guardadas(importacion: Importacion) -> IndiceFotos | None:
    """Abre el ZIP de fotos guardado con la carga, o devuelve None si la carga no trajo fotos."""
    ruta = ruta_fotos(importacion)
    if not default_storage.exists(ruta):
        return None
    # Se copia a un archivo temporal por bloques: el ZIP puede pesar cientos de MB y
    # zipfile necesita un archivo con posición, que un almacén remoto no siempre da.
    temporal = tempfile.TemporaryFile()
    with default_storage.open(ruta, "rb") as flujo:
        for bloque in flujo.chunks():
            temporal.write(bloque)
    return abrir_fotos(temporal)


def tipos_del_distrito(*, usuario, distrito_id: str) -> dict[int, TipoRegistro]:
    """Tipos de registro que el usuario ve, limitados a los nacionales y los del distrito de la carga."""
    consulta = tipos_visibles(usuario=usuario, solo_activos=False).filter(
        Q(distrito__isnull=True) | Q(distrito_id=distrito_id)
    )
    return {tipo.pk: tipo for tipo in consulta}


def recorrer_carga(importacion: Importacion, *, revisar_fotos: bool = True) -> VerificacionCarga:
    """Abre el archivo guardado de la carga y prepara la revisión completa de sus filas."""
    tipos = tipos_del_distrito(usuario=importacion.usuario, distrito_id=importacion.distrito_id)
    with importacion.archivo.open("rb") as flujo:
        hoja = leer_carga(flujo, limites=limites_de_carga())
    validacion = ValidacionCarga(
        hoja,
        tipos=[TipoRegistroCarga(tipo.pk, tipo.codigo, tipo.nombre, tipo.activo) for tipo in tipos.values()],
        hoy=timezone.localdate(),
    )
    return VerificacionCarga(
        validacion,
        distrito_id=importacion.distrito_id,
        tipos=tipos,
        fotos=abrir_fotos_guardadas(importacion),
        revisar_fotos=revisar_fotos,
    )


def filas_de(verificacion: VerificacionCarga):
    """Recorre las filas verificadas y cierra el ZIP de fotos al terminar (o al cortar el recorrido)."""
    try:
        yield from verificacion
    finally:
        if verificacion.fotos is not None:
            verificacion.fotos.cerrar()
