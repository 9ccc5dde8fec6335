"""Observación y anulación de entregas ya registradas.

Una corrección nunca borra ni edita en silencio: la fila sigue legible con su
nuevo estado, el motivo queda en `observaciones` y el registro de auditoría
guarda el antes y el después.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from canastas.auditoria import registrar_accion, valores_de
from canastas.models import RegistroAccion
from entregas.models import Entrega
from usuarios.models import Usuario

logger = logging.getLogger(__name__)

MAXIMO_MOTIVO = 500
CAMPOS_AUDITADOS = ["estado", "observaciones"]

# Estados desde los que se puede anular u observar. Una entrega anulada ya no cambia.
ESTADOS_ANULABLES = frozenset({Entrega.Estado.VALIDA, Entrega.Estado.OBSERVADA})
ESTADOS_OBSERVABLES = frozenset({Entrega.Estado.VALIDA})


def entrega_anular(*, entrega: Entrega, motivo: str, usuario: Usuario, request=None) -> Entrega:
    """Anula la entrega y deja libre su lugar (beneficiario, tipo de registro) para registrarla de nuevo.

    La restricción única parcial de `Entrega` no cuenta las anuladas. Lanza
    `ValidationError` si la entrega ya está anulada o si el motivo falta o es muy largo.
    """
    return _cambiar_estado(
        entrega=entrega,
        nuevo_estado=Entrega.Estado.ANULADA,
        desde=ESTADOS_ANULABLES,
        accion=RegistroAccion.Accion.ANULAR,
        motivo=motivo,
        usuario=usuario,
        request=request,
    )


def entrega_observar(*, entrega: Entrega, motivo: str, usuario: Usuario, request=None) -> Entrega:
    """Marca como observada una entrega válida. Lanza `ValidationError` si no está válida o el motivo no sirve."""
    return _cambiar_estado(
        entrega=entrega,
        nuevo_estado=Entrega.Estado.OBSERVADA,
        desde=ESTADOS_OBSERVABLES,
        accion=RegistroAccion.Accion.OBSERVAR,
        motivo=motivo,
        usuario=usuario,
        request=request,
    )


def _cambiar_estado(*, entrega, nuevo_estado, desde, accion, motivo, usuario, request) -> Entrega:
    motivo = _limpiar_motivo(motivo)

    with transaction.atomic():
        # El bloqueo de la fila evita que dos personas anulen la misma entrega a la vez.
        actual = Entrega.objects.select_for_update().get(pk=entrega.pk)
        if actual.estado not in desde:
            raise ValidationError(
                _("La entrega está %(estado)s y no se puede marcar como %(nuevo)s."),
                code="estado_invalido",
                params={
                    "estado": actual.get_estado_display().lower(),
                    "nuevo": Entrega.Estado(nuevo_estado).label.lower(),
                },
            )

        antes = valores_de(actual, CAMPOS_AUDITADOS)
        actual.estado = nuevo_estado
        actual.observaciones = _agregar_observacion(actual.observaciones, nuevo_estado, motivo, usuario)
        actual.save(update_fields=CAMPOS_AUDITADOS)

        registrar_accion(
            usuario=usuario,
            accion=accion,
            objeto=actual,
            antes=antes,
            despues=valores_de(actual, CAMPOS_AUDITADOS),
            detalle=motivo,
            request=request,
        )

    logger.info("Entrega %s pasó de %s a %s (usuario %s).", actual.pk, antes["estado"], nuevo_estado, usuario.pk)
    return actual


def _limpiar_motivo(motivo: str) -> str:
    motivo = " ".join((motivo or "").split())
    if not motivo:
        raise ValidationError(_("Escriba el motivo: queda en el historial de la entrega."), code="motivo_requerido")
    if len(motivo) > MAXIMO_MOTIVO:
        raise ValidationError(
            _("El motivo tiene %(largo)d caracteres y el máximo es %(maximo)d."),
            code="motivo_largo",
            params={"largo": len(motivo), "maximo": MAXIMO_MOTIVO},
        )
    return motivo


def _agregar_observacion(observaciones: str, nuevo_estado: str, motivo: str, usuario: Usuario) -> str:
    """Agrega una línea con fecha, estado, usuario y motivo al final de las observaciones anteriores."""
    momento = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    linea = _("[%(momento)s] %(estado)s por %(usuario)s: %(motivo)s") % {
        "momento": momento, "estado": Entrega.Estado(nuevo_estado).label, "usuario": usuario.username, "motivo": motivo,
    }
    return f"{observaciones}\n{linea}" if observaciones else linea
