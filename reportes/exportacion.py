"""Descarga de las tablas de los reportes en XLSX o CSV, registrada en la auditoría."""

import tempfile

from django.http import FileResponse
from django.utils import timezone

from canastas.auditoria import registrar_accion
from canastas.hojas.escritor import escribir_tabla
from canastas.models import RegistroAccion
from entregas.exportacion import FORMATOS


def respuesta_reporte(
    *, nombre: str, encabezados: list[str], filas: list, formato: str, usuario, filtros: dict, request=None
) -> FileResponse:
    """Escribe la tabla en un archivo temporal, deja constancia y lo devuelve como descarga.

    `filas` es una lista ya calculada: las tablas de reportes tienen a lo más un distrito por fila.
    """
    destino = tempfile.TemporaryFile()
    escribir_tabla(destino, formato, encabezados, filas, nombre_hoja="Reporte")
    destino.seek(0)

    registrar_accion(
        usuario=usuario,
        accion=RegistroAccion.Accion.EXPORTAR,
        modelo="reportes.Reporte",
        objeto_id=nombre,
        distrito_id=usuario.distrito_id,
        despues={"formato": formato, "filas": len(filas), "filtros": filtros},
        request=request,
    )
    archivo = f"reporte_{nombre}_{timezone.localdate():%Y%m%d}.{formato}"
    return FileResponse(destino, as_attachment=True, filename=archivo, content_type=FORMATOS[formato])
