"""Servicio de la carga masiva de entregas: subir, validar, confirmar, aplicar o descartar.

Pasos (nada se registra antes de la confirmación):
1. `carga_crear` revisa en el momento que el archivo sea una hoja legible con
   sus columnas y que el ZIP de fotos, si viene, sea un ZIP sano. Luego guarda
   ambos y encola la validación.
2. `carga_validar` (tarea) limpia y revisa cada fila contra el padrón, las
   entregas ya registradas y las fotos; guarda errores, advertencias y conteos.
3. `carga_confirmar` deja la carga en «aplicando» y encola `carga_aplicar`,
   que vuelve a revisar cada fila y registra todas las válidas con
   `entrega_registrar` (origen carga masiva) en una sola transacción: ante
   cualquier rechazo o error de la base de datos no queda ninguna.
"""

import hashlib
import logging
import tempfile
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from beneficiarios.importacion import servicios as servicios_importacion
from beneficiarios.importacion.lectura import MAXIMO_ERRORES, _Avance, _LoteErrores, limites_de_carga
from beneficiarios.importacion.servicios import ImportacionNoAplicable
from beneficiarios.models import Importacion
from canastas.auditoria import registrar_accion
from canastas.hojas.lector import ArchivoRechazado
from canastas.models import RegistroAccion
from entregas.carga.columnas import TRAMOS_EDAD, TipoRegistroCarga
from entregas.carga.fotos import CLASE_DNI, CLASE_PERSONA, IndiceFotos, abrir_fotos
from entregas.carga.validacion import ValidacionCarga, leer_carga
from entregas.carga.verificacion import FilaCarga, VerificacionCarga, fecha_hora_entrega
from entregas.evidencias import evidencia_borrar
from entregas.models import Entrega, TipoRegistro
from entregas.selectores import tipos_visibles
from entregas.servicios import DatosEntrega, EntregaRechazada, entrega_registrar

logger = logging.getLogger(__name__)

__all__ = [
    "ImportacionNoAplicable", "carga_aplicar", "carga_confirmar", "carga_crear", "carga_descartar", "carga_validar",
]

# Espacio de nombres de los uuid_cliente de las filas: el mismo archivo y la misma fila dan el mismo uuid.
_ESPACIO_UUID = uuid.UUID("5b0c1f0e-6a57-4c55-9a3c-6a0d9e1f2b74")


class _AplicacionFallida(Exception):
    """Una fila no se pudo registrar; deshace la transacción entera de la aplicación."""


def ruta_fotos(importacion: Importacion) -> str:
    """Ruta del ZIP de fotos de la carga en el almacén (el modelo no tiene un campo para él)."""
    return f"importaciones/fotos/carga-entregas-{importacion.pk}.zip"


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
    # Tras recrear la base de datos un id puede repetirse: el ZIP viejo no debe tomarse por el nuevo.
    if default_storage.exists(ruta):
        default_storage.delete(ruta)
    fotos.seek(0)
    guardada = default_storage.save(ruta, fotos)
    if guardada != ruta:
        raise RuntimeError(f"El almacén guardó el ZIP de fotos como {guardada} y no como {ruta}.")


def _abrir_fotos_guardadas(importacion: Importacion) -> IndiceFotos | None:
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


# --- Validar ---


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
        fotos=_abrir_fotos_guardadas(importacion),
        revisar_fotos=revisar_fotos,
    )


def _filas(verificacion: VerificacionCarga):
    """Recorre las filas verificadas y cierra el ZIP de fotos al terminar (o al cortar el recorrido)."""
    try:
        yield from verificacion
    finally:
        if verificacion.fotos is not None:
            verificacion.fotos.cerrar()


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
    errores = _LoteErrores(importacion)
    avance = _Avance(importacion.pk)
    filas = validas = con_advertencias = ya_entregadas = 0

    for fila in _filas(verificacion):
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


# --- Confirmar, aplicar y descartar ---


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


def carga_aplicar(importacion_id: int, ip: str | None = None) -> Importacion:
    """Registra todas las filas válidas en una transacción; ante cualquier falla, ninguna.

    Cada fila pasa por `entrega_registrar` con origen «carga_masiva», con las
    mismas reglas que la captura web. Si una fila se rechaza o la base de datos
    falla, se deshace todo, se borran las fotos ya guardadas y la carga vuelve
    a su vista previa con el motivo.
    """
    guardadas: list[str] = []
    try:
        with transaction.atomic():
            importacion = (
                Importacion.objects.with_scopes_disabled().select_for_update().get(pk=importacion_id)
            )
            if importacion.estado != Importacion.Estado.APLICANDO:
                return importacion
            registradas = _registrar_filas(importacion, guardadas)
            _marcar_aplicada(importacion, registradas, ip)
    except _AplicacionFallida as falla:
        _borrar_fotos(guardadas)
        return _volver_a_vista_previa(importacion_id, str(falla))
    except DatabaseError:
        logger.exception("Falló la aplicación de la carga de entregas %s; se revirtió completa", importacion_id)
        _borrar_fotos(guardadas)
        return _volver_a_vista_previa(
            importacion_id,
            "la base de datos rechazó la operación. Puede volver a confirmar; si el error se repite, avise al "
            "equipo de soporte.",
        )
    return importacion


def _registrar_filas(importacion: Importacion, guardadas: list[str]) -> int:
    rechazadas_antes = set(
        importacion.errores.filter(es_advertencia=False, fila__isnull=False).values_list("fila", flat=True)
    )
    # Con el tope de errores alcanzado, una fila rechazada puede no tener su error guardado.
    errores_completos = importacion.errores.count() < MAXIMO_ERRORES
    verificacion = recorrer_carga(importacion)
    operador = importacion.aplicado_por
    registradas = 0
    for fila in _filas(verificacion):
        if fila.fila in rechazadas_antes:
            continue
        if fila.valores is None:
            if not errores_completos:
                continue
            # Era válida en la vista previa y ya no: algo cambió en el padrón o en las entregas.
            raise _AplicacionFallida(fila.errores[0].mensaje)
        entrega, creada = _registrar_fila(importacion, operador, fila, verificacion.fotos)
        for campo in (entrega.foto_dni_planilla, entrega.foto_beneficiario):
            if creada and campo:
                guardadas.append(campo.name)
        registradas += creada
    return registradas


def _registrar_fila(importacion: Importacion, operador, fila: FilaCarga, fotos: IndiceFotos | None):
    valores = fila.valores
    archivos = {}
    for clase, ruta in valores["fotos"].items():
        archivos[clase] = ContentFile(fotos.leer(ruta), name=ruta.rsplit("/", 1)[-1])
    datos = DatosEntrega(
        uuid_cliente=uuid.uuid5(_ESPACIO_UUID, f"{importacion.pk}:{fila.fila}"),
        tipo_documento=valores["tipo_documento"],
        numero_documento=valores["numero_documento"],
        fecha_entrega=fecha_hora_entrega(valores["fecha_entrega"]),
        tipo_entrega=valores["tipo_entrega"],
        nombres_receptor=_nombres_receptor(valores),
        direccion=valores["direccion"],
        telefono=valores["telefono"],
        consentimiento_foto=valores["consentimiento_foto"] == "si",
        latitud=valores["latitud"],
        longitud=valores["longitud"],
        motivo_inclusion=valores["motivo_inclusion"],
        observaciones=valores["observacion"],
        dispositivo=f"Carga masiva {importacion.pk}, fila {fila.fila}",
        **{tramo: valores[tramo] for tramo in TRAMOS_EDAD},
    )
    try:
        return entrega_registrar(
            operador=operador,
            tipo_registro=valores["tipo_registro"],
            datos=datos,
            foto_dni_planilla=archivos.get(CLASE_DNI),
            foto_beneficiario=archivos.get(CLASE_PERSONA),
            origen=Entrega.Origen.CARGA_MASIVA,
            importacion=importacion,
        )
    except EntregaRechazada as rechazo:
        raise _AplicacionFallida(f"Fila {fila.fila}: {rechazo.mensaje}") from None


def _nombres_receptor(valores: dict) -> str:
    partes = (valores["nombres"], valores["apellido_paterno"], valores["apellido_materno"])
    return " ".join(parte for parte in partes if parte)


def _marcar_aplicada(importacion: Importacion, registradas: int, ip: str | None) -> None:
    importacion.insertadas = registradas
    importacion.estado = Importacion.Estado.APLICADO
    importacion.aplicado_en = timezone.now()
    importacion.mensaje = ""
    importacion.save(update_fields=["insertadas", "estado", "aplicado_en", "mensaje"])
    registrar_accion(
        usuario=importacion.aplicado_por,
        accion=RegistroAccion.Accion.IMPORTAR,
        objeto=importacion,
        despues={"registradas": registradas, "filas": importacion.total_filas, "sha256": importacion.sha256},
        # La IP de quien confirmó viaja con la tarea, porque el worker no tiene petición.
        ip=ip,
    )


def _borrar_fotos(nombres: list[str]) -> None:
    for nombre in nombres:
        evidencia_borrar(nombre)


def _volver_a_vista_previa(importacion_id: int, motivo: str) -> Importacion:
    importacion = Importacion.objects.with_scopes_disabled().get(pk=importacion_id)
    importacion.estado = Importacion.Estado.CON_ERRORES if importacion.rechazadas else Importacion.Estado.LISTO
    importacion.mensaje = f"No se registró ninguna entrega: se deshizo toda la carga. Motivo: {motivo}"
    importacion.save(update_fields=["estado", "mensaje"])
    logger.info("Carga de entregas %s devuelta a la vista previa", importacion_id)
    return importacion


def carga_descartar(*, importacion: Importacion, usuario, request=None) -> Importacion:
    """Descarta la carga sin registrar nada; lanza `ImportacionNoAplicable` si ya se aplicó."""
    return servicios_importacion.importacion_descartar(importacion=importacion, usuario=usuario, request=request)
