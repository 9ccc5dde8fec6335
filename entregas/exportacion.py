"""Exportación de las capturas filtradas a XLSX o CSV.

Pasa por el escritor común, que neutraliza fórmulas: un nombre o una dirección
que empieza con = + - @ queda como texto. Cada exportación queda en el registro
de auditoría con sus filtros y su número de filas. Un XLSX de más de
`CANASTAS_XLSX_EN_LINEA` filas se arma en segundo plano (`reportes.archivos.exportaciones`).
"""

import tempfile

from django.http import FileResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from canastas.auditoria import registrar_accion
from canastas.hojas.escritor import escribir_tabla
from canastas.hojas.respuestas import respuesta_csv_en_flujo
from canastas.models import RegistroAccion
from entregas.formularios_capturas import FiltroCapturasForm
from entregas.models import Entrega
from entregas.selectores_capturas import capturas_filtradas
from reportes.archivos.exportaciones import exportacion_solicitar, va_en_segundo_plano
from reportes.archivos.libro import filas_con_avance
from reportes.models import ArchivoGenerado

FORMATOS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

# (encabezado, campo de `values_list`), en el orden de las columnas del archivo.
COLUMNAS = [
    ("id", "pk"),
    ("ubigeo", "distrito_id"),
    ("distrito", "distrito__nombre"),
    ("tipo_registro", "tipo_registro__nombre"),
    ("tipo_documento", "tipo_documento"),
    ("numero_documento", "numero_documento"),
    ("nombres_receptor", "nombres_receptor"),
    ("direccion", "direccion"),
    ("telefono", "telefono"),
    ("en_padron", "beneficiario_id"),
    ("motivo_inclusion", "motivo_inclusion"),
    ("tipo_entrega", "tipo_entrega"),
    ("miembros_0_5", "miembros_0_5"),
    ("miembros_6_17", "miembros_6_17"),
    ("miembros_18_59", "miembros_18_59"),
    ("miembros_60_mas", "miembros_60_mas"),
    ("latitud", "latitud"),
    ("longitud", "longitud"),
    ("precision_m", "precision_m"),
    ("fecha_entrega", "fecha_entrega"),
    ("registrado", "registrado"),
    ("registrado_por", "operador__username"),
    ("origen", "origen"),
    ("estado", "estado"),
    ("observaciones", "observaciones"),
    ("uuid_cliente", "uuid_cliente"),
]
ENCABEZADOS = [encabezado for encabezado, _ in COLUMNAS]
CAMPOS = [campo for _, campo in COLUMNAS]
_POSICION_EN_PADRON = CAMPOS.index("beneficiario_id")
_POSICIONES_FECHA = [CAMPOS.index("fecha_entrega"), CAMPOS.index("registrado")]


def filas_capturas(consulta):
    """Filas en el orden de ENCABEZADOS, leídas por bloques, con las horas en hora de Lima."""
    for fila in consulta.values_list(*CAMPOS).iterator(chunk_size=2000):
        fila = list(fila)
        fila[_POSICION_EN_PADRON] = "sí" if fila[_POSICION_EN_PADRON] is not None else "no"
        # El escritor quita la zona horaria: se convierte antes para no exportar la hora UTC.
        for posicion in _POSICIONES_FECHA:
            fila[posicion] = timezone.localtime(fila[posicion])
        yield fila


def capturas_a_exportar(*, usuario, datos) -> tuple[FiltroCapturasForm, object]:
    """Valida los filtros GET de la lista de capturas y devuelve (formulario, consulta filtrada).

    La lista, el mapa, la exportación directa y la de segundo plano pasan por aquí,
    así que todas filtran igual. Corre dentro del alcance del usuario.
    """
    filtro = FiltroCapturasForm(datos, usuario=usuario)
    filtro.is_valid()
    return filtro, capturas_filtradas(usuario=usuario, **filtro.filtros())


def escribir_capturas(consulta, formato: str, destino, *, al_avanzar=None) -> None:
    """Escribe las capturas en `destino`; `al_avanzar(filas)` se llama cada pocos miles de filas."""
    filas = filas_capturas(consulta)
    if al_avanzar is not None:
        filas = filas_con_avance(filas, al_avanzar)

    escribir_tabla(destino, formato, ENCABEZADOS, filas, nombre_hoja="Entregas")


def respuesta_exportacion_capturas(consulta, *, formato: str, usuario, filtros: dict, request=None):
    """Registra la exportación y devuelve la descarga, o la redirección a su archivo en segundo plano.

    Un XLSX de más de `CANASTAS_XLSX_EN_LINEA` filas necesita `request` (sus parámetros
    GET viajan a la tarea) y responde con una redirección a la página del archivo.
    """
    if formato not in FORMATOS:
        raise ValueError(f"Formato de exportación no soportado: {formato!r}. Use xlsx o csv.")

    filas = consulta.count()
    nombre = f"entregas_{usuario.distrito_id or 'nacional'}_{timezone.localdate():%Y%m%d}.{formato}"
    archivo = None
    if request is not None and va_en_segundo_plano(formato=formato, filas=filas):
        archivo = exportacion_solicitar(
            tipo=ArchivoGenerado.Tipo.ENTREGAS, usuario=usuario, request=request, filas=filas, nombre=nombre
        )

    registrar_accion(
        usuario=usuario,
        accion=RegistroAccion.Accion.EXPORTAR,
        modelo=Entrega._meta.label,
        distrito_id=usuario.distrito_id,
        despues={"formato": formato, "filas": filas, "filtros": filtros},
        detalle=f"en segundo plano, archivo n.º {archivo.pk}" if archivo else "",
        request=request,
    )
    if archivo is not None:
        return HttpResponseRedirect(reverse("reportes:archivo", args=[archivo.pk]))

    if formato == "csv":
        # El CSV sale en flujo: 185 000 filas empezaban a llegar recién tras 9 s de armar el archivo.
        return respuesta_csv_en_flujo(ENCABEZADOS, filas_capturas(consulta), nombre=nombre)

    # Un XLSX no se puede enviar antes de cerrarlo; hasta CANASTAS_XLSX_EN_LINEA filas se arma aquí.
    destino = tempfile.TemporaryFile()
    escribir_capturas(consulta, formato, destino)
    destino.seek(0)
    return FileResponse(destino, as_attachment=True, filename=nombre, content_type=FORMATOS[formato])
