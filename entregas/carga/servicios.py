"""Servicio de la carga masiva de entregas: subir, validar, confirmar, aplicar o descartar.

Pasos (nada se registra antes de la confirmación):
1. `carga_crear` revisa en el momento que el archivo sea una hoja legible con
   sus columnas y que el ZIP de fotos, si viene, sea un ZIP sano. Luego guarda
   ambos y encola la validación.
2. `carga_validar` (tarea) limpia y revisa cada fila contra el padrón, las
   entregas ya registradas y las fotos; guarda errores, advertencias y conteos.
3. `carga_confirmar` deja la carga en «aplicando» y encola `carga_aplicar`
   (en `aplicacion`). Esa tarea vuelve a revisar cada fila y registra todas
   las válidas con `entrega_registrar` en una sola transacción. Ante
   cualquier rechazo o error de la base de datos no queda ninguna.
"""

import hashlib
import logging

from django.core.files.storage import default_storage

from beneficiarios.importacion import servicios as servicios_importacion
from beneficiarios.importacion.lectura import AvanceImportacion, LoteErrores, limites_de_carga
from beneficiarios.importacion.servicios import ImportacionNoAplicable
from beneficiarios.models import Importacion
from canastas.auditoria import registrar_accion
from canastas.hojas.lector import ArchivoRechazado
from canastas.models import RegistroAccion
from entregas.carga.aplicacion import carga_aplicar
from entregas.carga.fotos import abrir_fotos
from entregas.carga.lectura import filas_de, recorrer_carga, ruta_fotos
from entregas.carga.validacion import leer_carga

logger = logging.getLogger(__name__)

__all__ = [
    "ImportacionNoAplicable", "carga_aplicar", "carga_confirmar", "carga_crear", "carga_descartar", "carga_validar",
    "ruta_fotos",
]


def _sha256(archivo) -> str:
    resumen = hashlib.sha256()
    archivo.seek(0)
    for bloque in archivo.chunks():
        resumen.update(bloque)
    archivo.seek(0)
    return resumen.hexdigest()


# --- Subir ---


def carga_crear(*, usuario, archivo, distrito=None, fotos=None, request=None, encolar: bool = True) -> Importacion:
    """Guarda la hoja de entregas (y el ZIP de fotos) y encola su validación.

    El subadministrador carga siempre para su distrito; el administrador debe
    indicar `distrito`. Lanza `ArchivoRechazado` (sin guardar nada) si la hoja
    o el ZIP no sirven: el formulario muestra ese mensaje.
    """
    distrito = distrito if usuario.es_administrador else usuario.distrito
    if distrito is None:
        raise ValueError("La carga de entregas necesita un distrito.")

    try:
        hoja = leer_carga(archivo, limites=limites_de_carga())
    finally:
        archivo.seek(0)
    sha_fotos = ""
    if fotos is not None:
        abrir_fotos(fotos).cerrar()
        sha_fotos = _sha256(fotos)

    importacion = Importacion(
        tipo=Importacion.Tipo.ENTREGAS,
        distrito=distrito,
        usuario=usuario,
        nombre_archivo=archivo.name[:255],
        sha256=_sha256(archivo),
        tamano=archivo.size,
        formato=hoja.formato,
        hoja=hoja.nombre,
        fila_encabezado=hoja.fila_encabezado,
        total_filas=hoja.filas_estimadas,
    )
    importacion.archivo.save(f"entregas-{importacion.sha256[:16]}.{hoja.formato}", archivo, save=False)
    importacion.save()
    if fotos is not None:
        _guardar_fotos(importacion, fotos)

    registrar_accion(
        usuario=usuario,
        accion=RegistroAccion.Accion.SUBIR,
        objeto=importacion,
        despues={
            "archivo": importacion.nombre_archivo, "sha256": importacion.sha256, "bytes": importacion.tamano,
            "fotos_sha256": sha_fotos, "fotos_bytes": fotos.size if fotos is not None else 0,
        },
        request=request,
    )
    if encolar:
        from entregas.tareas import validar_carga

        validar_carga.enqueue(importacion.pk)
    return importacion


def _guardar_fotos(importacion: Importacion, fotos) -> None:
    ruta = ruta_fotos(importacion)
    fotos.seek(0)
    guardada = default_storage.save(ruta, fotos)
    if guardada != ruta:
        raise RuntimeError(f"El almacén guardó el ZIP de fotos como {guardada} y no como {ruta}.")


def carga_validar(importacion_id: int) -> Importacion:
    """Revisa todas las filas y deja la carga en LISTO, CON_ERRORES o FALLIDO (rechazada)."""
    importacion = Importacion.objects.with_scopes_disabled().get(pk=importacion_id, tipo=Importacion.Tipo.ENTREGAS)
    if importacion.estado not in {Importacion.Estado.RECIBIDO, Importacion.Estado.VALIDANDO}:
        return importacion

    importacion.errores.all().delete()
    Importacion.objects.with_scopes_disabled().filter(pk=importacion.pk).update(
        estado=Importacion.Estado.VALIDANDO, filas_procesadas=0, mensaje="", codigo_error=""
    )
    try:
        _validar_filas(importacion)
    except ArchivoRechazado as rechazo:
        logger.info("Carga de entregas %s rechazada al validar: %s", importacion.pk, rechazo.codigo)
        return _marcar_rechazada(importacion, rechazo.codigo, rechazo.mensaje)
    except Exception:
        logger.exception("Falló la validación de la carga de entregas %s", importacion.pk)
        return _marcar_rechazada(
            importacion, "F-INTERNO",
            "No se pudo terminar de revisar el archivo por un error interno; ninguna entrega se registró. "
            "Vuelva a subirlo; si el problema continúa, avise al equipo de soporte.",
        )
    return importacion


def _validar_filas(importacion: Importacion) -> None:
    verificacion = recorrer_carga(importacion)
    errores = LoteErrores(importacion)
    avance = AvanceImportacion(importacion.pk)
    filas = validas = con_advertencias = ya_entregadas = 0

    for fila in filas_de(verificacion):
        filas += 1
        for observacion in fila.errores:
            errores.agregar(*observacion, advertencia=False)
        for observacion in fila.advertencias:
            errores.agregar(*observacion, advertencia=True)
        ya_entregadas += fila.ya_entregada
        if fila.valores is not None:
            validas += 1
            con_advertencias += bool(fila.advertencias)
        avance.publicar(filas)

    # Las advertencias de archivo (columnas ignoradas, fotos sin fila) van sin número de fila.
    for valor, codigo, mensaje in verificacion.advertencias_archivo:
        columna = "foto" if codigo.startswith("W-FOTO") else ""
        errores.agregar(None, columna, valor, codigo, mensaje, advertencia=True)
    errores.vaciar()

    importacion.total_filas = importacion.filas_procesadas = filas
    importacion.validas = importacion.nuevas = validas
    importacion.rechazadas = filas - validas
    importacion.con_advertencias = con_advertencias
    importacion.duplicadas = ya_entregadas
    importacion.estado = Importacion.Estado.CON_ERRORES if importacion.rechazadas else Importacion.Estado.LISTO
    importacion.save(
        update_fields=[
            "total_filas", "filas_procesadas", "validas", "nuevas", "rechazadas", "con_advertencias", "duplicadas",
            "estado",
        ]
    )


def _marcar_rechazada(importacion: Importacion, codigo: str, mensaje: str) -> Importacion:
    importacion.codigo_error = codigo
    importacion.mensaje = mensaje
    importacion.estado = Importacion.Estado.FALLIDO
    importacion.save(update_fields=["estado", "codigo_error", "mensaje"])
    return importacion


# --- Confirmar y descartar ---


def carga_confirmar(*, importacion: Importacion, usuario, request=None, encolar: bool = True) -> Importacion:
    """Deja la carga en «aplicando» y encola el registro de las filas válidas.

    Lanza `ImportacionNoAplicable` si la carga no está lista o no tiene filas válidas.
    """
    importacion = servicios_importacion.importacion_confirmar(
        importacion=importacion, usuario=usuario, request=request, encolar=False
    )
    if encolar:
        from entregas.tareas import aplicar_carga

        aplicar_carga.enqueue(importacion.pk, getattr(request, "META", {}).get("REMOTE_ADDR"))
    return importacion


def carga_descartar(*, importacion: Importacion, usuario, request=None) -> Importacion:
    """Descarta la carga sin registrar nada; lanza `ImportacionNoAplicable` si ya se aplicó."""
    return servicios_importacion.importacion_descartar(importacion=importacion, usuario=usuario, request=request)
