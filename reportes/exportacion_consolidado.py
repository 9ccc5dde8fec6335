"""Exportación de cada pestaña de la vista consolidada a XLSX o CSV.

Cada pestaña es un generador de filas que pasa por el escritor común, que neutraliza
fórmulas (un nombre que empieza con = + - @ queda como texto). Para el invitado las
filas llevan el documento enmascarado y ningún nombre de persona.
"""

import tempfile
from collections.abc import Iterator

from django.http import FileResponse
from django.utils import timezone

from canastas.auditoria import registrar_accion
from canastas.hojas.escritor import escribir_tabla
from canastas.models import RegistroAccion
from reportes.cifras import Cifras
from reportes.selectores_consolidado import ReporteGeneral

FORMATOS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

# Filas que se leen de la base por vez, para que la memoria no crezca con el tamaño del distrito.
BLOQUE = 2000


def _documento(registro, enmascarar: bool) -> str:
    return registro.documento_enmascarado if enmascarar else registro.numero_documento


def encabezados_potenciales(enmascarar: bool) -> list[str]:
    nombres = [] if enmascarar else ["apellido_paterno", "apellido_materno", "nombres"]
    return ["ubigeo", "tipo_documento", "numero_documento", *nombres, "miembros_hogar", "estado", "programado_para"]


def filas_potenciales(consulta, enmascarar: bool) -> Iterator[list]:
    for hogar in consulta.iterator(chunk_size=BLOQUE):
        nombres = [] if enmascarar else [hogar.apellido_paterno, hogar.apellido_materno, hogar.nombres]
        programado = "; ".join(p.tipo_registro.nombre for p in hogar.programaciones.all())
        yield [
            hogar.distrito_id, hogar.tipo_documento, _documento(hogar, enmascarar), *nombres,
            hogar.miembros_hogar, hogar.get_estado_display(), programado,
        ]


def encabezados_beneficiarios(enmascarar: bool) -> list[str]:
    receptor = [] if enmascarar else ["nombres_receptor"]
    return [
        "fecha_entrega", "tipo_registro", "origen", "estado", "tipo_documento", "numero_documento",
        *receptor, "personas", "en_padron",
    ]


def filas_beneficiarios(consulta, enmascarar: bool) -> Iterator[list]:
    for entrega in consulta.iterator(chunk_size=BLOQUE):
        receptor = [] if enmascarar else [entrega.nombres_receptor]
        # El escritor quita la zona horaria: se convierte antes para no exportar la hora UTC.
        yield [
            timezone.localtime(entrega.fecha_entrega), entrega.tipo_registro.nombre, entrega.get_origen_display(),
            entrega.get_estado_display(), entrega.tipo_documento, _documento(entrega, enmascarar), *receptor,
            entrega.personas, "no" if entrega.fuera_de_padron else "sí",
        ]


ENCABEZADOS_GENERAL = [
    "ambito", "potenciales", "personas_padron", "programados", "entregas", "entregas_app", "entregas_web",
    "entregas_carga_masiva", "pendientes", "avance_porcentaje", "personas_atendidas", "observadas",
    "ultima_entrega",
]


def _fila_de_cifras(ambito: str, cifras: Cifras, *, con_padron: bool) -> list:
    avance = float(cifras.avance) if cifras.avance is not None else None
    # El padrón no es de un tipo de registro: en las filas por tipo, potenciales quedan vacías y no en cero.
    padron = [cifras.hogares, cifras.personas_padron] if con_padron else [None, None]
    return [
        ambito, *padron, cifras.programados, cifras.entregas, cifras.entregas_app,
        cifras.entregas_web, cifras.entregas_carga, cifras.pendientes, avance, cifras.personas,
        cifras.observadas, cifras.ultima_fecha,
    ]


def filas_general(reporte: ReporteGeneral, nombre_distrito: str) -> Iterator[list]:
    """Genera la fila del total del distrito y luego una fila por tipo de registro."""
    yield _fila_de_cifras(nombre_distrito, reporte.total, con_padron=True)
    for fila in reporte.por_tipo:
        yield _fila_de_cifras(fila.tipo_registro.nombre, fila.cifras, con_padron=False)


def respuesta_exportacion(
    *, nombre: str, encabezados: list[str], filas, formato: str, auditoria: dict, usuario, request=None
) -> FileResponse:
    """Escribe el archivo en disco temporal, registra la exportación en la auditoría y devuelve la descarga.

    `auditoria` trae `modelo`, `distrito_id` y los datos de `despues`. El formato y el número de filas se agregan aquí.
    """
    if formato not in FORMATOS:
        raise ValueError(f"Formato de exportación no soportado: {formato!r}. Use xlsx o csv.")

    contador = _Contador(filas)
    destino = tempfile.TemporaryFile()
    escribir_tabla(destino, formato, encabezados, contador, nombre_hoja=nombre.capitalize()[:31])
    destino.seek(0)

    registrar_accion(
        usuario=usuario,
        accion=RegistroAccion.Accion.EXPORTAR,
        modelo=auditoria["modelo"],
        distrito_id=auditoria["distrito_id"],
        despues={**auditoria["despues"], "formato": formato, "filas": contador.filas},
        request=request,
    )

    archivo = f"consolidado_{nombre}_{auditoria['distrito_id']}_{timezone.localdate():%Y%m%d}.{formato}"
    return FileResponse(destino, as_attachment=True, filename=archivo, content_type=FORMATOS[formato])


class _Contador:
    """Envuelve un generador de filas y cuenta las que entrega, para no repetir la consulta con COUNT."""

    def __init__(self, filas):
        self._filas = filas
        self.filas = 0

    def __iter__(self):
        for fila in self._filas:
            self.filas += 1
            yield fila
