"""Escrituras del padrón. Toda corrección queda en el registro de auditoría."""

from django.db import transaction

from beneficiarios.models import Beneficiario
from canastas.auditoria import registrar_accion, valores_de
from canastas.models import RegistroAccion


@transaction.atomic
def beneficiario_corregir(*, beneficiario: Beneficiario, datos: dict, motivo: str, usuario, request=None) -> Beneficiario:
    """Aplica `datos` al registro y guarda, en la auditoría, los valores antes y después.

    Solo se auditan los campos que cambian; si nada cambia, no se escribe nada.
    """
    campos = [campo for campo, valor in datos.items() if getattr(beneficiario, campo) != valor]
    if not campos:
        return beneficiario

    antes = valores_de(beneficiario, campos)
    for campo in campos:
        setattr(beneficiario, campo, datos[campo])
    beneficiario.full_clean()
    beneficiario.save()

    registrar_accion(
        usuario=usuario,
        accion=RegistroAccion.Accion.MODIFICAR,
        objeto=beneficiario,
        antes=antes,
        despues=valores_de(beneficiario, campos),
        detalle=motivo,
        request=request,
    )
    return beneficiario
