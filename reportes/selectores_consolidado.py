"""Lecturas de la vista consolidada de un distrito: potenciales, hogares atendidos y reporte general.

Corren dentro del alcance del usuario y además filtran por el distrito pedido: el
administrador no tiene alcance, así que sin ese filtro vería todos los distritos.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from beneficiarios.models import Beneficiario
from beneficiarios.selectores import beneficiarios_del_distrito
from entregas.models import Entrega, Programacion, TipoRegistro
from reportes.cifras import Cifras, Filtros, cifras_de, cifras_por_tipo


def potenciales_del_distrito(*, distrito: str, busqueda: str = "", estado: str = "") -> QuerySet[Beneficiario]:
    """Hogares del padrón del distrito, con los tipos de registro para los que están programados.

    Sin `estado` se omiten los hogares dados de baja, igual que en la cifra de potenciales del reporte.
    """
    consulta = beneficiarios_del_distrito(busqueda=busqueda, distrito=distrito, estado=estado)
    if not estado:
        consulta = consulta.exclude(estado=Beneficiario.Estado.BAJA)

    programaciones = Programacion.objects.select_related("tipo_registro").order_by("tipo_registro__nombre")
    return consulta.prefetch_related(Prefetch("programaciones", queryset=programaciones))


def hogares_atendidos(
    *,
    distrito: str,
    tipo_registro: TipoRegistro | None = None,
    desde: datetime.date | None = None,
    hasta: datetime.date | None = None,
) -> QuerySet[Entrega]:
    """Entregas no anuladas del distrito, una fila por entrega, de la más reciente a la más antigua.

    No usa `capturas_visibles`: esa lectura es para los roles que ven las fotos y no incluye al
    invitado. Esta lista no lleva fotos y la leen el administrador, el subadministrador y el invitado.
    """
    consulta = (
        Entrega.objects.filter(distrito_id=distrito)
        .exclude(estado=Entrega.Estado.ANULADA)
        .select_related("tipo_registro")
    )

    # `__date` usa la zona horaria activa (America/Lima), como la lista de capturas.
    if tipo_registro:
        consulta = consulta.filter(tipo_registro=tipo_registro)
    if desde:
        consulta = consulta.filter(fecha_entrega__date__gte=desde)
    if hasta:
        consulta = consulta.filter(fecha_entrega__date__lte=hasta)

    return consulta.order_by("-fecha_entrega", "-id")


def tipos_del_distrito(*, distrito: str) -> QuerySet[TipoRegistro]:
    """Tipos de registro nacionales más los propios del distrito, para el filtro por tipo."""
    return TipoRegistro.objects.filter(Q(distrito__isnull=True) | Q(distrito_id=distrito)).order_by("nombre")


@dataclass(frozen=True)
class FilaPorTipo:
    tipo_registro: TipoRegistro
    cifras: Cifras


@dataclass(frozen=True)
class ReporteGeneral:
    total: Cifras
    por_tipo: list[FilaPorTipo]


def reporte_general_del_distrito(*, distrito: str, filtros: Filtros = Filtros()) -> ReporteGeneral:
    """Cifras del distrito y una fila por tipo de registro, leídas del mismo resumen que el reporte distrital.

    Con un tipo de registro en `filtros`, la tabla por tipo muestra solo ese tipo.
    """
    total = cifras_de(codigo=distrito, filtros=filtros)
    cifras = cifras_por_tipo(codigo=distrito, filtros=Filtros(desde=filtros.desde, hasta=filtros.hasta))
    if filtros.tipo_registro is not None:
        cifras = {pk: valor for pk, valor in cifras.items() if pk == filtros.tipo_registro}

    tipos = TipoRegistro.objects.in_bulk(list(cifras))
    filas = [FilaPorTipo(tipo_registro=tipos[pk], cifras=valor) for pk, valor in cifras.items()]
    filas.sort(key=lambda fila: fila.tipo_registro.nombre)
    return ReporteGeneral(total=total, por_tipo=filas)
