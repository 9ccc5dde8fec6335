"""Exportación del padrón a XLSX o CSV, con las mismas columnas que la plantilla de carga.

Así un archivo exportado se puede corregir y volver a subir. El escritor común
neutraliza fórmulas: una celda que empieza con = + - @ queda como texto. Un XLSX
de más de `CANASTAS_XLSX_EN_LINEA` filas se arma en segundo plano
(`reportes.archivos.exportaciones`).
"""

import tempfile

from django.http import FileResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from beneficiarios.formularios import FiltroPadronForm
from beneficiarios.selectores import beneficiarios_del_distrito

from canastas.auditoria import registrar_accion
from canastas.hojas.escritor import escribir_tabla
from canastas.hojas.respuestas import respuesta_csv_en_flujo
from canastas.models import RegistroAccion
from reportes.archivos.exportaciones import exportacion_solicitar, va_en_segundo_plano
from reportes.archivos.libro import filas_con_avance
from reportes.models import ArchivoGenerado

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


def padron_a_exportar(*, usuario, datos) -> tuple[FiltroPadronForm, object]:
    """Valida los filtros GET del padrón y devuelve (formulario, consulta filtrada).

    La lista, la exportación directa y la de segundo plano pasan por aquí, así que
    todas filtran igual. Corre dentro del alcance del usuario.
    """
    filtro = FiltroPadronForm(datos or None)
    if usuario.es_invitado:
        # Sin búsqueda libre: con ella, un invitado reconstruye documentos y
        # nombres probando dígitos o letras contra la lista enmascarada.
        del filtro.fields["q"]
        del filtro.fields["distrito"]
    limpios = filtro.cleaned_data if filtro.is_valid() else {}
    consulta = beneficiarios_del_distrito(
        busqueda=limpios.get("q", ""),
        distrito=limpios.get("distrito", ""),
        estado=limpios.get("estado", ""),
        sexo=limpios.get("sexo", ""),
    )
    return filtro, consulta


def escribir_padron(consulta, formato: str, destino, *, al_avanzar=None) -> None:
    """Escribe el padrón en `destino`; `al_avanzar(filas)` se llama cada pocos miles de filas."""
    filas = filas_padron(consulta)
    if al_avanzar is not None:
        filas = filas_con_avance(filas, al_avanzar)

    escribir_tabla(destino, formato, ENCABEZADOS, filas, nombre_hoja="Padron")


def respuesta_exportacion_padron(consulta, *, formato: str, usuario, request=None):
    """Registra la exportación y devuelve la descarga, o la redirección a su archivo en segundo plano.

    Un XLSX de más de `CANASTAS_XLSX_EN_LINEA` filas necesita `request` (sus parámetros
    GET viajan a la tarea) y responde con una redirección a la página del archivo.
    """
    filas = consulta.count()
    nombre = f"padron_{usuario.distrito_id or 'nacional'}_{timezone.localdate():%Y%m%d}.{formato}"
    archivo = None
    if request is not None and va_en_segundo_plano(formato=formato, filas=filas):
        archivo = exportacion_solicitar(
            tipo=ArchivoGenerado.Tipo.PADRON, usuario=usuario, request=request, filas=filas, nombre=nombre
        )

    registrar_accion(
        usuario=usuario,
        accion=RegistroAccion.Accion.EXPORTAR,
        modelo="beneficiarios.Beneficiario",
        distrito_id=usuario.distrito_id,
        despues={"formato": formato, "filas": filas, "filtros": request.GET.dict() if request else {}},
        detalle=f"en segundo plano, archivo n.º {archivo.pk}" if archivo else "",
        request=request,
    )
    if archivo is not None:
        return HttpResponseRedirect(reverse("reportes:archivo", args=[archivo.pk]))

    if formato == "csv":
        return respuesta_csv_en_flujo(ENCABEZADOS, filas_padron(consulta), nombre=nombre)

    # El XLSX se arma en disco temporal: una exportación grande no ocupa la memoria del proceso.
    destino = tempfile.TemporaryFile()
    escribir_padron(consulta, formato, destino)
    destino.seek(0)
    return FileResponse(destino, as_attachment=True, filename=nombre, content_type=TIPOS_CONTENIDO[formato])
