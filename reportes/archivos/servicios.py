"""Archivos para la Contraloría y el INDECI: pedirlos, generarlos en segundo plano y describirlos.

Un pedido crea un `ArchivoGenerado` en cola y encola `reportes.archivos.tareas.generar_archivo`.
La tarea escribe el XLSX en un archivo temporal, calcula su sha256, lo guarda con la
API de almacenamiento (permisos 0600 con el almacén local, por FILE_UPLOAD_PERMISSIONS)
y deja el manifiesto en el archivo y en el registro de auditoría.
"""

import datetime
import hashlib
import logging
import tempfile
import uuid

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.utils import timezone

from canastas.auditoria import ip_de, registrar_accion
from canastas.models import RegistroAccion
from reportes.archivos import exportaciones, selectores
from reportes.archivos.libro import LibroReproducible
from reportes.archivos.selectores import Periodo
from reportes.models import ArchivoGenerado

logger = logging.getLogger(__name__)

TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOJA_BENEFICIARIOS = "BENEFICIARIOS"
HOJA_KITS = "KITS"
HOJA_INDECI = "INDECI"


# --- Pedidos ------------------------------------------------------------------------------------


def archivo_contraloria_solicitar(
    *, usuario, distrito, fecha_corte: datetime.date, periodo: str, tipo_registro=None, request=None
) -> ArchivoGenerado:
    """Pone en cola el Archivo Contraloría de un distrito y un viernes de corte.

    Lanza PermissionDenied si un subadministrador pide otro distrito. El formulario ya
    comprobó que el corte es un viernes que no está en el futuro.
    """
    _exigir_distrito_propio(usuario, distrito.codigo)
    rango = selectores.rango_del_corte(fecha_corte, periodo)
    parametros = {
        "distrito": distrito.codigo,
        "distrito_nombre": distrito.nombre_completo(),
        "fecha_corte": fecha_corte.isoformat(),
        "periodo": periodo,
        "entregas_desde": rango.primer_dia.isoformat() if rango.primer_dia else None,
        "entregas_hasta": rango.ultimo_dia.isoformat(),
        "zona_horaria": "America/Lima",
        **_parametros_tipo(tipo_registro),
    }
    return _crear_y_encolar(
        usuario=usuario, tipo=ArchivoGenerado.Tipo.CONTRALORIA, distrito=distrito, departamento=None,
        fecha_corte=fecha_corte, parametros=parametros, request=request,
    )


def archivo_indeci_solicitar(
    *, usuario, fecha_corte: datetime.date, distrito=None, departamento=None, tipo_registro=None, request=None
) -> ArchivoGenerado:
    """Pone en cola el Archivo INDECI de un distrito o de un departamento entero.

    Solo el administrador pide un departamento u otro distrito que no sea el suyo;
    a los demás se les lanza PermissionDenied.
    """
    if (distrito is None) == (departamento is None):
        raise ValueError("El Archivo INDECI es de un distrito o de un departamento, no de ambos ni de ninguno.")
    if departamento is not None and not usuario.es_administrador:
        raise PermissionDenied("Solo el administrador pide el Archivo INDECI de un departamento.")
    if distrito is not None:
        _exigir_distrito_propio(usuario, distrito.codigo)

    rango = selectores.rango_del_corte(fecha_corte)
    parametros = {
        "ambito": "distrito" if distrito is not None else "departamento",
        "distrito": distrito.codigo if distrito is not None else None,
        "distrito_nombre": distrito.nombre_completo() if distrito is not None else "",
        "departamento": departamento.codigo if departamento is not None else None,
        "departamento_nombre": departamento.nombre if departamento is not None else "",
        "fecha_corte": fecha_corte.isoformat(),
        "entregas_hasta": rango.ultimo_dia.isoformat(),
        "zona_horaria": "America/Lima",
        **_parametros_tipo(tipo_registro),
    }
    return _crear_y_encolar(
        usuario=usuario, tipo=ArchivoGenerado.Tipo.INDECI, distrito=distrito, departamento=departamento,
        fecha_corte=fecha_corte, parametros=parametros, request=request,
    )


def _exigir_distrito_propio(usuario, distrito_id: str) -> None:
    if usuario.es_administrador:
        return
    if not usuario.es_subadministrador or usuario.distrito_id != distrito_id:
        raise PermissionDenied("Solo puede pedir archivos de su propio distrito.")


def _parametros_tipo(tipo_registro) -> dict:
    if tipo_registro is None:
        return {"tipo_registro": None, "tipo_registro_nombre": ""}
    return {"tipo_registro": tipo_registro.pk, "tipo_registro_nombre": tipo_registro.nombre}


def _crear_y_encolar(*, usuario, tipo, distrito, departamento, fecha_corte, parametros, request) -> ArchivoGenerado:
    archivo = ArchivoGenerado.objects.create(
        tipo=tipo,
        distrito=distrito,
        departamento=departamento,
        fecha_corte=fecha_corte,
        parametros=parametros,
        creado_por=usuario,
    )
    from reportes.archivos.tareas import generar_archivo

    # La IP de quien pidió viaja con la tarea, porque el worker no tiene petición.
    generar_archivo.enqueue(archivo.pk, ip_de(request))
    return archivo


# --- Generación ---------------------------------------------------------------------------------


def archivo_generar(archivo_id: int, ip: str | None = None) -> ArchivoGenerado:
    """Genera el XLSX de un archivo en cola, lo guarda y registra su manifiesto.

    Un archivo que ya no está en cola (otra ejecución lo tomó) se devuelve sin cambios.
    Si la generación falla, el archivo queda «Falló» con un mensaje y el error se relanza.
    Debe correr sin alcance (`scopes_disabled`): filtra por distrito de forma explícita.
    """
    # NOTE: si el worker muere a mitad, el archivo queda «Generando» para siempre y nada lo
    # reintenta. Se pide de nuevo desde el formulario.
    actualizados = ArchivoGenerado.objects.filter(pk=archivo_id, estado=ArchivoGenerado.Estado.PENDIENTE).update(
        estado=ArchivoGenerado.Estado.GENERANDO, progreso=0
    )
    archivo = ArchivoGenerado.objects.select_related("distrito", "departamento", "creado_por").get(pk=archivo_id)
    if not actualizados:
        logger.warning("El archivo generado %s no estaba en cola (estado %s); no se genera otra vez.",
                       archivo_id, archivo.estado)
        return archivo

    try:
        _escribir_y_guardar(archivo)
    except Exception as error:
        logger.exception("Falló la generación del archivo %s (%s).", archivo.pk, archivo.tipo)
        archivo.estado = ArchivoGenerado.Estado.FALLIDO
        archivo.mensaje_error = (
            f"No se pudo generar el archivo ({type(error).__name__}). Pídalo de nuevo; si vuelve a fallar, "
            f"avise al administrador indicando el archivo n.º {archivo.pk}."
        )
        archivo.terminado = timezone.now()
        archivo.save(update_fields=["estado", "mensaje_error", "terminado"])
        raise

    registrar_accion(
        usuario=archivo.creado_por,
        accion=RegistroAccion.Accion.GENERAR,
        objeto=archivo,
        distrito_id=archivo.distrito_id,
        despues=manifiesto(archivo),
        ip=ip,
    )
    return archivo


def _escribir_y_guardar(archivo: ArchivoGenerado) -> None:
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as temporal:
        filas, totales = _escribir(archivo, temporal)
        temporal.flush()
        temporal.seek(0)
        sha256 = _sha256(temporal)
        temporal.seek(0)
        nombre = f"{archivo.tipo}-{uuid.uuid4().hex}.xlsx"
        archivo.archivo.save(nombre, File(temporal, name=nombre), save=False)

    archivo.filas = filas
    archivo.totales = totales
    archivo.sha256 = sha256
    archivo.estado = ArchivoGenerado.Estado.LISTO
    archivo.progreso = 100
    archivo.mensaje_error = ""
    archivo.terminado = timezone.now()
    archivo.save()


def _escribir(archivo: ArchivoGenerado, destino) -> tuple[int, dict]:
    if archivo.tipo == ArchivoGenerado.Tipo.CONTRALORIA:
        return _generar_contraloria(archivo, destino)
    if archivo.tipo == ArchivoGenerado.Tipo.INDECI:
        return _generar_indeci(archivo, destino)
    return exportaciones.generar_exportacion(
        archivo, destino, lambda porcentaje: _avisar_avance(archivo, porcentaje)
    )


def _sha256(flujo) -> str:
    resumen = hashlib.sha256()
    for bloque in iter(lambda: flujo.read(1024 * 1024), b""):
        resumen.update(bloque)
    return resumen.hexdigest()


def _avisar_avance(archivo: ArchivoGenerado, porcentaje: int) -> None:
    # Nunca 100 antes de guardar: la página de detalle recarga al ver «Listo».
    ArchivoGenerado.objects.filter(pk=archivo.pk).update(progreso=max(0, min(99, porcentaje)))


def _libro(archivo: ArchivoGenerado, destino) -> LibroReproducible:
    # La fecha de creación del libro es la del corte, no la hora de generación: así
    # los mismos datos dan los mismos bytes.
    creado = datetime.datetime.combine(archivo.fecha_corte, datetime.time.min)
    return LibroReproducible(destino, titulo=titulo_del_archivo(archivo), creado=creado)


def _generar_contraloria(archivo: ArchivoGenerado, destino) -> tuple[int, dict]:
    parametros = archivo.parametros
    rango = selectores.rango_del_corte(archivo.fecha_corte, parametros["periodo"])
    consulta = selectores.entregas_vigentes(
        distritos=[archivo.distrito_id], rango=rango, tipo_registro_id=parametros.get("tipo_registro")
    )
    esperadas = consulta.count()

    libro = _libro(archivo, destino)
    libro.agregar_hoja(HOJA_BENEFICIARIOS, selectores.ENCABEZADOS_BENEFICIARIOS)
    libro.agregar_hoja(HOJA_KITS, selectores.ENCABEZADOS_KITS)

    cuenta = selectores.CuentaContraloria()
    filas_beneficiarios = libro.escribir_filas(
        HOJA_BENEFICIARIOS,
        selectores.filas_beneficiarios(consulta, cuenta),
        al_avanzar=lambda escritas: _avisar_avance(archivo, escritas * 100 // max(esperadas, 1)),
    )
    filas_kits = libro.escribir_filas(HOJA_KITS, selectores.filas_kits(cuenta.tipos))
    libro.cerrar()

    totales = {
        "hojas": {HOJA_BENEFICIARIOS: filas_beneficiarios, HOJA_KITS: filas_kits},
        "canastas": cuenta.canastas,
        "personas": cuenta.personas,
        "fuera_de_padron": cuenta.fuera_de_padron,
        "kits": len(cuenta.tipos),
    }
    return filas_beneficiarios, totales


def _generar_indeci(archivo: ArchivoGenerado, destino) -> tuple[int, dict]:
    rango = selectores.rango_del_corte(archivo.fecha_corte)
    distritos = selectores.distritos_del_archivo(
        distrito_id=archivo.distrito_id, departamento_id=archivo.departamento_id
    )
    _avisar_avance(archivo, 10)
    filas = selectores.filas_indeci(
        distritos=distritos, rango=rango, tipo_registro_id=archivo.parametros.get("tipo_registro")
    )
    _avisar_avance(archivo, 80)

    suma = {
        "canastas": sum(fila.canastas for fila in filas),
        "familias": sum(fila.familias for fila in filas),
        "personas": sum(fila.personas for fila in filas),
        "pendientes": sum(fila.pendientes for fila in filas),
    }
    fila_total = ["TOTAL", None, None, None, suma["canastas"], suma["familias"], suma["personas"],
                  suma["pendientes"], None, None]

    libro = _libro(archivo, destino)
    libro.agregar_hoja(HOJA_INDECI, selectores.ENCABEZADOS_INDECI)
    escritas = libro.escribir_filas(HOJA_INDECI, [*(fila.como_lista() for fila in filas), fila_total])
    libro.cerrar()

    # La fila TOTAL cuenta entre las filas de la hoja, no entre los distritos.
    totales = {"hojas": {HOJA_INDECI: escritas}, "distritos": len(filas), **suma}
    return len(filas), totales


# --- Descripción --------------------------------------------------------------------------------


def ambito_del_archivo(archivo: ArchivoGenerado) -> str:
    if archivo.tipo in exportaciones.TIPOS_EXPORTACION:
        return archivo.parametros.get("ambito", "")
    if archivo.distrito_id:
        return archivo.parametros.get("distrito_nombre") or str(archivo.distrito)
    return f"Departamento de {archivo.parametros.get('departamento_nombre') or archivo.departamento}"


def titulo_del_archivo(archivo: ArchivoGenerado) -> str:
    return f"{archivo.get_tipo_display()} · {ambito_del_archivo(archivo)} · corte {archivo.fecha_corte:%d/%m/%Y}"


def nombre_de_descarga(archivo: ArchivoGenerado) -> str:
    """Nombre legible para guardar el archivo, p. ej. contraloria_150122_corte_2025-05-09_n12.xlsx.

    Una exportación lleva el mismo nombre que su descarga directa, p. ej. entregas_150122_20250509.xlsx.
    """
    if archivo.tipo in exportaciones.TIPOS_EXPORTACION:
        return archivo.parametros["nombre_descarga"]
    ambito = archivo.distrito_id or f"departamento-{archivo.departamento_id}"
    return f"{archivo.tipo}_{ambito}_corte_{archivo.fecha_corte.isoformat()}_n{archivo.pk}.xlsx"


def texto_periodo(archivo: ArchivoGenerado) -> str:
    if archivo.tipo in exportaciones.TIPOS_EXPORTACION:
        return ""
    if archivo.parametros.get("periodo") == Periodo.SEMANA:
        desde = datetime.date.fromisoformat(archivo.parametros["entregas_desde"])
        return f"Entregas del {desde:%d/%m/%Y} al {archivo.fecha_corte:%d/%m/%Y} (semana del corte)"
    return f"Todas las entregas hasta el {archivo.fecha_corte:%d/%m/%Y} (acumulado)"


def manifiesto(archivo: ArchivoGenerado) -> dict:
    """Filtros, filas por hoja, totales, sha256, quién y cuándo: lo que se guarda en la auditoría."""
    totales = dict(archivo.totales)
    hojas = totales.pop("hojas", {})
    return {
        "archivo": archivo.pk,
        "tipo": archivo.tipo,
        "filtros": archivo.parametros,
        "filas_por_hoja": hojas,
        "totales": totales,
        "sha256": archivo.sha256,
        "generado_por": archivo.creado_por.username,
        "solicitado": archivo.creado.isoformat(),
        "terminado": archivo.terminado.isoformat() if archivo.terminado else None,
    }


def descarga_registrar(*, archivo: ArchivoGenerado, usuario, request) -> None:
    registrar_accion(
        usuario=usuario,
        accion=RegistroAccion.Accion.DESCARGAR,
        objeto=archivo,
        distrito_id=archivo.distrito_id,
        despues={"sha256": archivo.sha256, "nombre": nombre_de_descarga(archivo)},
        request=request,
    )
