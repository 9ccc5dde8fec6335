"""Aplicación de una carga de entregas confirmada: todas sus filas válidas o ninguna.

Cada fila pasa por `entrega_registrar` con origen «carga_masiva», con las
mismas reglas que la captura web, dentro de una sola transacción.
"""

import logging
import uuid

from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from beneficiarios.importacion.lectura import MAXIMO_ERRORES
from beneficiarios.models import Importacion
from canastas.auditoria import registrar_accion
from canastas.models import RegistroAccion
from entregas.carga.columnas import TRAMOS_EDAD
from entregas.carga.fotos import CLASE_DNI, CLASE_PERSONA, IndiceFotos
from entregas.carga.lectura import filas_de, recorrer_carga
from entregas.carga.verificacion import FilaCarga, fecha_hora_entrega
from entregas.evidencias import evidencia_borrar
from entregas.models import Entrega
from entregas.servicios import DatosEntrega, EntregaRechazada, entrega_registrar
from reportes.servicios import entregas_de_carga_al_final

logger = logging.getLogger(__name__)

# Espacio de nombres de los uuid_cliente de las filas: el mismo archivo y la misma fila dan el mismo uuid.
_ESPACIO_UUID = uuid.UUID("5b0c1f0e-6a57-4c55-9a3c-6a0d9e1f2b74")


class _AplicacionFallida(Exception):
    """Una fila no se pudo registrar; deshace la transacción entera de la aplicación."""


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
            with entregas_de_carga_al_final(importacion_id=importacion.pk):
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
    # Las fotos no se decodifican aquí otra vez: `entrega_registrar` las revisa al guardarlas.
    verificacion = recorrer_carga(importacion, revisar_fotos=False)
    operador = importacion.aplicado_por
    registradas = 0
    for fila in filas_de(verificacion):
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
            distrito=importacion.distrito_id,
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
