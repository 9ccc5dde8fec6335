"""Servicio de importación del padrón: subir, validar, confirmar o descartar.

Pasos (el archivo nunca escribe en el padrón antes de la confirmación):
1. `importacion_crear` guarda el archivo con su SHA-256 y encola la validación.
   Un archivo de hasta 2 MB se revisa entero al subirlo (hoja, encabezado,
   columnas); uno mayor, solo por tipo, y el resto lo revisa la validación.
2. `importacion_validar` (tarea) limpia y revisa cada fila, guarda los errores y
   copia las filas válidas con COPY a la tabla de preparación `FilaPadron`.
   Luego marca en SQL las que ya existen en el padrón.
3. `importacion_confirmar` encola `importacion_aplicar`, que en una sola
   transacción pasa las filas nuevas al padrón (INSERT ... SELECT ... ON
   CONFLICT DO NOTHING): se aplican todas o ninguna, y repetir no duplica.
"""

import hashlib
import logging

from django.db import DatabaseError, transaction
from django.utils import timezone

from beneficiarios.importacion import preparacion
from beneficiarios.importacion.lectura import inspeccionar_padron, validar_archivo
from beneficiarios.models import ErrorImportacion, Importacion
from canastas.auditoria import registrar_accion
from canastas.models import RegistroAccion

logger = logging.getLogger(__name__)

ESTADOS_CONFIRMABLES = {Importacion.Estado.LISTO, Importacion.Estado.CON_ERRORES}


class ImportacionNoAplicable(Exception):
    """La importación no está en un estado que permita la acción pedida."""


def _sha256(archivo) -> str:
    resumen = hashlib.sha256()
    for bloque in archivo.chunks():
        resumen.update(bloque)
    archivo.seek(0)
    return resumen.hexdigest()


def importacion_crear(*, usuario, archivo, distrito=None, request=None, encolar: bool = True) -> Importacion:
    """Guarda el archivo y encola su validación.

    Lanza `ArchivoRechazado` (sin guardar nada) si el archivo no es una hoja de
    cálculo legible, no tiene encabezado reconocible o le falta una columna
    obligatoria: el formulario muestra ese mensaje.
    """
    # Solo el administrador elige distrito (o ninguno: cada fila va a su ubigeo).
    distrito_fijo = distrito if usuario.es_administrador else usuario.distrito
    inspeccion = inspeccionar_padron(archivo, distrito_fijo=distrito_fijo)

    importacion = Importacion(
        tipo=Importacion.Tipo.PADRON,
        distrito=distrito_fijo,
        usuario=usuario,
        nombre_archivo=archivo.name[:255],
        sha256=_sha256(archivo),
        tamano=archivo.size,
        formato=inspeccion.formato,
        hoja=inspeccion.hoja,
        fila_encabezado=inspeccion.fila_encabezado,
        total_filas=inspeccion.total_estimado,
    )
    importacion.archivo.save(f"padron-{importacion.sha256[:16]}.{inspeccion.formato}", archivo, save=False)
    importacion.save()

    registrar_accion(
        usuario=usuario,
        accion=RegistroAccion.Accion.SUBIR,
        objeto=importacion,
        despues={"archivo": importacion.nombre_archivo, "sha256": importacion.sha256, "bytes": importacion.tamano},
        request=request,
    )

    if encolar:
        from beneficiarios.tareas import validar_importacion

        validar_importacion.enqueue(importacion.pk)
    return importacion


def importacion_validar(importacion_id: int) -> Importacion:
    """Valida todas las filas y deja la importación en LISTO, CON_ERRORES o FALLIDO."""
    importacion = Importacion.objects.with_scopes_disabled().get(pk=importacion_id)
    if importacion.estado not in {Importacion.Estado.RECIBIDO, Importacion.Estado.VALIDANDO}:
        return importacion

    _reiniciar(importacion)
    try:
        resultado = validar_archivo(importacion)
    except Exception as error:
        logger.exception("Falló la validación de la importación %s", importacion.pk)
        return _marcar_fallida(importacion, error)

    duplicadas = preparacion.marcar_duplicados(importacion.pk)
    importacion.refresh_from_db(fields=["hoja", "fila_encabezado"])
    _guardar_conteos(importacion, resultado, duplicadas)
    return importacion


def _reiniciar(importacion: Importacion) -> None:
    """Borra lo que haya dejado un intento anterior, para que validar sea repetible."""
    preparacion.borrar_filas(importacion.pk)
    importacion.errores.all().delete()
    Importacion.objects.with_scopes_disabled().filter(pk=importacion.pk).update(
        estado=Importacion.Estado.VALIDANDO, filas_procesadas=0, mensaje="", codigo_error=""
    )


def _marcar_fallida(importacion: Importacion, error: Exception) -> Importacion:
    from canastas.hojas.lector import ArchivoRechazado

    preparacion.borrar_filas(importacion.pk)
    if isinstance(error, ArchivoRechazado):
        importacion.codigo_error = error.codigo
        importacion.mensaje = error.mensaje
    else:
        importacion.codigo_error = "F-INTERNO"
        importacion.mensaje = (
            "No se pudo terminar de revisar el archivo por un error interno; ninguna fila se registró. "
            "Vuelva a subirlo; si el problema continúa, avise al equipo de soporte."
        )
    importacion.estado = Importacion.Estado.FALLIDO
    importacion.save(update_fields=["estado", "codigo_error", "mensaje"])
    return importacion


def _guardar_conteos(importacion: Importacion, resultado, duplicadas: int) -> None:
    importacion.total_filas = resultado.filas
    importacion.filas_procesadas = resultado.filas
    importacion.validas = resultado.validas
    importacion.con_advertencias = resultado.con_advertencias
    importacion.duplicadas = duplicadas
    importacion.nuevas = resultado.validas - duplicadas
    importacion.rechazadas = resultado.filas - importacion.nuevas
    hay_errores = importacion.rechazadas > 0
    importacion.estado = Importacion.Estado.CON_ERRORES if hay_errores else Importacion.Estado.LISTO
    importacion.save(
        update_fields=[
            "total_filas", "filas_procesadas", "validas", "con_advertencias", "duplicadas", "nuevas",
            "rechazadas", "estado",
        ]
    )


def importacion_confirmar(*, importacion: Importacion, usuario, request=None, encolar: bool = True) -> Importacion:
    """Encola el registro de las filas nuevas, si la importación está lista."""
    with transaction.atomic():
        importacion = Importacion.objects.select_for_update().get(pk=importacion.pk)
        _comprobar_confirmable(importacion)
        importacion.estado = Importacion.Estado.APLICANDO
        importacion.aplicado_por = usuario
        importacion.save(update_fields=["estado", "aplicado_por"])

    if encolar:
        from beneficiarios.tareas import aplicar_importacion

        aplicar_importacion.enqueue(importacion.pk, getattr(request, "META", {}).get("REMOTE_ADDR"))
    return importacion


def _comprobar_confirmable(importacion: Importacion) -> None:
    if importacion.estado == Importacion.Estado.APLICADO:
        raise ImportacionNoAplicable("Esta carga ya fue aplicada; no se vuelve a registrar.")
    if importacion.estado not in ESTADOS_CONFIRMABLES:
        raise ImportacionNoAplicable(
            f"La carga está en estado «{importacion.get_estado_display()}» y no se puede confirmar."
        )
    if importacion.nuevas == 0:
        raise ImportacionNoAplicable("La carga no tiene filas nuevas que registrar.")


def importacion_aplicar(importacion_id: int, ip: str | None = None) -> Importacion:
    """Pasa al padrón todas las filas nuevas en una transacción; ante un error, ninguna."""
    try:
        with transaction.atomic():
            importacion = Importacion.objects.with_scopes_disabled().select_for_update().get(pk=importacion_id)
            if importacion.estado != Importacion.Estado.APLICANDO:
                return importacion
            insertadas = preparacion.insertar_en_padron(importacion.pk)
            _registrar_aplicacion(importacion, insertadas, ip)
    except DatabaseError:
        logger.exception("Falló la aplicación de la importación %s; se revirtió completa", importacion_id)
        return _revertir_a_lista(importacion_id)

    # Las filas de preparación ya no sirven; se borran después, en el worker, para
    # que la carga quede aplicada sin esperar ese borrado.
    from beneficiarios.tareas import limpiar_preparacion

    limpiar_preparacion.enqueue(importacion.pk)
    return importacion


def _registrar_aplicacion(importacion: Importacion, insertadas: int, ip: str | None) -> None:
    importacion.insertadas = insertadas
    importacion.estado = Importacion.Estado.APLICADO
    importacion.aplicado_en = timezone.now()
    if insertadas < importacion.nuevas:
        omitidas = importacion.nuevas - insertadas
        importacion.mensaje = (
            f"{omitidas} fila no se registró porque otra carga registró ese documento"
            if omitidas == 1
            else f"{omitidas} filas no se registraron porque otra carga registró esos documentos"
        ) + " entre la validación y la confirmación."
    importacion.save(update_fields=["insertadas", "estado", "aplicado_en", "mensaje"])

    registrar_accion(
        usuario=importacion.aplicado_por,
        accion=RegistroAccion.Accion.IMPORTAR,
        objeto=importacion,
        despues={"registradas": insertadas, "filas": importacion.total_filas, "sha256": importacion.sha256},
        # La IP de quien confirmó viaja con la tarea, porque el worker no tiene petición.
        ip=ip,
    )


def _revertir_a_lista(importacion_id: int) -> Importacion:
    importacion = Importacion.objects.with_scopes_disabled().get(pk=importacion_id)
    importacion.estado = Importacion.Estado.CON_ERRORES if importacion.rechazadas else Importacion.Estado.LISTO
    importacion.mensaje = (
        "No se registró ninguna fila: la base de datos rechazó la operación y se deshizo completa. "
        "Puede volver a confirmar; si el error se repite, avise al equipo de soporte."
    )
    importacion.save(update_fields=["estado", "mensaje"])
    return importacion


def importacion_descartar(*, importacion: Importacion, usuario, request=None) -> Importacion:
    with transaction.atomic():
        importacion = Importacion.objects.select_for_update().get(pk=importacion.pk)
        if importacion.estado in {Importacion.Estado.APLICADO, Importacion.Estado.APLICANDO}:
            raise ImportacionNoAplicable("Una carga aplicada o en aplicación no se puede descartar.")
        importacion.estado = Importacion.Estado.DESCARTADO
        importacion.save(update_fields=["estado"])
        preparacion.borrar_filas(importacion.pk)
        registrar_accion(usuario=usuario, accion=RegistroAccion.Accion.DESCARTAR, objeto=importacion, request=request)
    return importacion


def resumen_codigos(importacion: Importacion) -> list[dict]:
    from django.db.models import Count

    return list(
        ErrorImportacion.objects.filter(importacion=importacion)
        .values("codigo", "es_advertencia")
        .annotate(cantidad=Count("id"))
        .order_by("-cantidad")
    )


def muestra_filas_nuevas(importacion: Importacion, cantidad: int = 10) -> list:
    return preparacion.muestra(importacion.pk, cantidad)
