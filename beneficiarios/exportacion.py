"""Exportación del padrón a XLSX o CSV, con las mismas columnas que la plantilla de carga.

Así un archivo exportado se puede corregir y volver a subir. El escritor común
neutraliza fórmulas: una celda que empieza con = + - @ queda como texto.
"""

import io
import tempfile

from django.http import FileResponse
from django.utils import timezone

from canastas.auditoria import registrar_accion
from canastas.hojas.escritor import escribir_csv, escribir_xlsx
from canastas.hojas.respuestas import respuesta_csv_en_flujo
from canastas.models import RegistroAccion

ENCABEZADOS = [
    "tipo_documento", "numero_documento", "apellido_paterno", "apellido_materno", "nombres",
    "fecha_nacimiento", "sexo", "telefono", "direccion", "ubigeo", "miembros_hogar", "estado",
]
CAMPOS = [
    "tipo_documento", "numero_documento", "apellido_paterno", "apellido_materno", "nombres",
    "fecha_nacimiento", "sexo", "telefono", "direccion", "distrito_id", "miembros_hogar", "estado",
]
TIPOS_CONTENIDO = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def filas_padron(consulta):
    """Filas del padrón en el orden de ENCABEZADOS, leídas por bloques para no cargar todo en memoria."""
    yield from consulta.values_list(*CAMPOS).iterator(chunk_size=2000)


def escribir_padron(consulta, formato: str, destino) -> None:
    if formato == "csv":
        texto = io.TextIOWrapper(destino, encoding="utf-8-sig", newline="", write_through=True)
        escribir_csv(texto, ENCABEZADOS, filas_padron(consulta))
        texto.detach()
    else:
        escribir_xlsx(destino, ENCABEZADOS, filas_padron(consulta), nombre_hoja="Padron")


def respuesta_exportacion_padron(consulta, *, formato: str, usuario, request=None) -> FileResponse:
    registrar_accion(
        usuario=usuario,
        accion=RegistroAccion.Accion.EXPORTAR,
        modelo="beneficiarios.Beneficiario",
        distrito_id=usuario.distrito_id,
        despues={"formato": formato, "filas": consulta.count(), "filtros": request.GET.dict() if request else {}},
        request=request,
    )

    nombre = f"padron_{usuario.distrito_id or 'nacional'}_{timezone.localdate():%Y%m%d}.{formato}"
    if formato == "csv":
        return respuesta_csv_en_flujo(ENCABEZADOS, filas_padron(consulta), nombre=nombre)

    # El XLSX se arma en disco temporal: una exportación grande no ocupa la memoria del proceso.
    destino = tempfile.TemporaryFile()
    escribir_padron(consulta, formato, destino)
    destino.seek(0)
    return FileResponse(destino, as_attachment=True, filename=nombre, content_type=TIPOS_CONTENIDO[formato])
