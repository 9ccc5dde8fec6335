"""Lecturas de los archivos para entes de control: el periodo del corte y las filas de cada hoja.

Las funciones de filas se llaman dentro de `scopes_disabled()` (la tarea no tiene
usuario) y filtran por distrito de forma explícita. Las entregas anuladas nunca
cuentan; las observadas sí, como en los reportes.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Concat

from canastas.models import Distrito
from entregas.models import Entrega, ProductoKit, Programacion, TipoRegistro
from reportes.models import ArchivoGenerado

LIMA = ZoneInfo("America/Lima")

# Filas que el cursor del servidor trae por viaje: la memoria no crece con el distrito.
FILAS_POR_LOTE = 2000

VIERNES = 4  # datetime.date.weekday()


class Periodo:
    """Qué entregas entran en el Archivo Contraloría respecto de su viernes de corte."""

    ACUMULADO = "acumulado"
    SEMANA = "semana"

    OPCIONES = [
        (ACUMULADO, "Acumulado: todas las entregas hasta el viernes de corte"),
        (SEMANA, "Solo la semana del corte: de sábado a viernes"),
    ]


@dataclass(frozen=True)
class Rango:
    """Entregas con `desde <= fecha_entrega < hasta`; `desde` None no pone límite inferior."""

    desde: datetime.datetime | None
    hasta: datetime.datetime

    def filtro(self) -> Q:
        condicion = Q(fecha_entrega__lt=self.hasta)
        if self.desde is not None:
            condicion &= Q(fecha_entrega__gte=self.desde)
        return condicion

    @property
    def primer_dia(self) -> datetime.date | None:
        return self.desde.date() if self.desde else None

    @property
    def ultimo_dia(self) -> datetime.date:
        return (self.hasta - datetime.timedelta(days=1)).date()


def rango_del_corte(fecha_corte: datetime.date, periodo: str = Periodo.ACUMULADO) -> Rango:
    """Rango de entregas de un corte: hasta el fin de ese día en hora de Lima.

    Con `Periodo.SEMANA` empieza el sábado anterior a las 00:00, así que siete días
    terminan en el corte.
    """
    hasta = datetime.datetime.combine(fecha_corte + datetime.timedelta(days=1), datetime.time.min, tzinfo=LIMA)
    desde = None
    if periodo == Periodo.SEMANA:
        desde = hasta - datetime.timedelta(days=7)
    return Rango(desde=desde, hasta=hasta)


def ultimo_viernes(hoy: datetime.date) -> datetime.date:
    """El viernes más reciente hasta `hoy` inclusive."""
    return hoy - datetime.timedelta(days=(hoy.weekday() - VIERNES) % 7)


def entregas_vigentes(*, distritos, rango: Rango, tipo_registro_id: int | None = None):
    """Entregas no anuladas de esos distritos dentro del rango, opcionalmente de un tipo."""
    consulta = Entrega.objects.filter(distrito_id__in=list(distritos)).filter(rango.filtro())
    consulta = consulta.exclude(estado=Entrega.Estado.ANULADA)
    if tipo_registro_id is not None:
        consulta = consulta.filter(tipo_registro_id=tipo_registro_id)
    return consulta


def primera_entrega(distrito_id: str, tipo_registro_id: int | None = None) -> datetime.date | None:
    """Día (hora de Lima) de la primera entrega no anulada del distrito, o None si no tiene."""
    consulta = Entrega.objects.filter(distrito_id=distrito_id).exclude(estado=Entrega.Estado.ANULADA)
    if tipo_registro_id is not None:
        consulta = consulta.filter(tipo_registro_id=tipo_registro_id)
    primera = consulta.order_by("fecha_entrega").values_list("fecha_entrega", flat=True).first()
    return primera.astimezone(LIMA).date() if primera else None


# --- Archivo Contraloría -----------------------------------------------------------------------

ENCABEZADOS_BENEFICIARIOS = [
    "UBIGEO", "TIPO DE DOCUMENTO", "NÚMERO DE DOCUMENTO", "APELLIDOS", "NOMBRES", "KIT", "FECHA DE ENTREGA",
    "DIRECCIÓN",
]
ENCABEZADOS_KITS = ["KIT", "PRODUCTO", "UNIDAD", "CANTIDAD POR KIT"]

_COLUMNAS_ENTREGA = (
    "distrito_id", "tipo_documento", "numero_documento", "beneficiario_id",
    "beneficiario__apellido_paterno", "beneficiario__apellido_materno", "beneficiario__nombres",
    "beneficiario__direccion", "nombres_receptor", "direccion", "tipo_registro_id", "tipo_registro__nombre",
    "fecha_entrega", "miembros_0_5", "miembros_6_17", "miembros_18_59", "miembros_60_mas",
)


@dataclass
class CuentaContraloria:
    """Totales que se acumulan mientras se escriben las filas de BENEFICIARIOS."""

    canastas: int = 0
    personas: int = 0
    fuera_de_padron: int = 0
    tipos: set = field(default_factory=set)


def filas_beneficiarios(consulta, cuenta: CuentaContraloria) -> Iterator[list]:
    """Una fila por entrega, en orden de fecha de entrega e id, leída con un cursor del servidor.

    Para un hogar del padrón, apellidos, nombres y dirección salen del padrón, que
    los guarda por separado. Quien recibió fuera del padrón solo tiene «nombres y
    apellidos» en un campo, así que ese texto va en NOMBRES y la celda APELLIDOS queda vacía.
    """
    filas = consulta.order_by("fecha_entrega", "id").values_list(*_COLUMNAS_ENTREGA)
    for valores in filas.iterator(chunk_size=FILAS_POR_LOTE):
        registro = dict(zip(_COLUMNAS_ENTREGA, valores))
        cuenta.canastas += 1
        cuenta.personas += (
            registro["miembros_0_5"] + registro["miembros_6_17"]
            + registro["miembros_18_59"] + registro["miembros_60_mas"]
        )
        cuenta.tipos.add(registro["tipo_registro_id"])
        yield _fila_beneficiario(registro, cuenta)


def _fila_beneficiario(registro: dict, cuenta: CuentaContraloria) -> list:
    if registro["beneficiario_id"] is None:
        cuenta.fuera_de_padron += 1
        apellidos, nombres = None, registro["nombres_receptor"]
        direccion = registro["direccion"]
    else:
        paterno = registro["beneficiario__apellido_paterno"]
        materno = registro["beneficiario__apellido_materno"]
        apellidos = f"{paterno} {materno}".strip()
        nombres = registro["beneficiario__nombres"]
        direccion = registro["direccion"] or registro["beneficiario__direccion"]

    return [
        registro["distrito_id"],
        registro["tipo_documento"],
        registro["numero_documento"],
        apellidos,
        nombres,
        registro["tipo_registro__nombre"],
        registro["fecha_entrega"].astimezone(LIMA).date(),
        direccion,
    ]


def filas_kits(tipo_ids) -> Iterator[list]:
    """Productos de los kits entregados en el archivo, por nombre del kit y orden de carga."""
    productos = (
        ProductoKit.objects.filter(tipo_registro_id__in=list(tipo_ids))
        .order_by("tipo_registro__nombre", "tipo_registro_id", "id")
        .values_list("tipo_registro__nombre", "producto", "unidad", "cantidad")
    )
    for kit, producto, unidad, cantidad in productos:
        yield [kit, producto, unidad, numero_de_cantidad(cantidad)]


def numero_de_cantidad(cantidad: Decimal) -> int | float:
    """La cantidad como número de Excel: entero si no tiene decimales."""
    if cantidad == cantidad.to_integral_value():
        return int(cantidad)
    return float(cantidad)


# --- Archivo INDECI ----------------------------------------------------------------------------

ENCABEZADOS_INDECI = [
    "UBIGEO", "DEPARTAMENTO", "PROVINCIA", "DISTRITO", "CANASTAS ENTREGADAS", "FAMILIAS ATENDIDAS",
    "PERSONAS ATENDIDAS", "PENDIENTES", "TIPO DE BIEN", "FUENTE DE FINANCIAMIENTO",
]

_PERSONAS = F("miembros_0_5") + F("miembros_6_17") + F("miembros_18_59") + F("miembros_60_mas")


@dataclass(frozen=True)
class FilaIndeci:
    distrito: Distrito
    canastas: int
    familias: int
    personas: int
    pendientes: int
    tipos_de_bien: str
    fuentes: str

    def como_lista(self) -> list:
        provincia = self.distrito.provincia
        return [
            self.distrito.codigo, provincia.departamento.nombre, provincia.nombre, self.distrito.nombre,
            self.canastas, self.familias, self.personas, self.pendientes,
            # Sin tipos, la celda queda vacía en lugar de llevar un texto vacío.
            self.tipos_de_bien or None, self.fuentes or None,
        ]


def distritos_del_archivo(*, distrito_id: str | None = None, departamento_id: str | None = None):
    """Distritos que lleva un archivo INDECI: el pedido, o todos los del departamento."""
    consulta = Distrito.objects.select_related("provincia__departamento").order_by("codigo")
    if distrito_id:
        return consulta.filter(codigo=distrito_id)
    return consulta.filter(provincia__departamento_id=departamento_id)


def filas_indeci(*, distritos, rango: Rango, tipo_registro_id: int | None = None) -> list[FilaIndeci]:
    """Una fila por distrito, también para los que no tienen entregas ni programados.

    - canastas: entregas no anuladas hasta el corte;
    - familias: hogares distintos entre esas entregas (del padrón por hogar, los de
      fuera del padrón por documento);
    - personas: suma de los integrantes declarados en cada entrega, como en los reportes;
    - pendientes: programados, sin fecha de corte, que no tienen una entrega no anulada
      de su tipo de registro hasta el corte.
    Las cifras salen de consultas agrupadas: hay una fila por distrito y no por entrega.
    """
    distritos = list(distritos)
    codigos = [distrito.codigo for distrito in distritos]
    entregas = entregas_vigentes(distritos=codigos, rango=rango, tipo_registro_id=tipo_registro_id)

    cifras = _cifras_de_entregas(entregas)
    pendientes = _pendientes_por_distrito(codigos, rango, tipo_registro_id)
    tipos = _tipos_por_distrito(entregas, codigos, tipo_registro_id)

    filas = []
    for distrito in distritos:
        propias = cifras.get(distrito.codigo, {})
        bienes, fuentes = tipos.get(distrito.codigo, (set(), set()))
        filas.append(
            FilaIndeci(
                distrito=distrito,
                canastas=propias.get("canastas", 0),
                familias=propias.get("hogares", 0) + propias.get("fuera_de_padron", 0),
                personas=propias.get("personas") or 0,
                pendientes=pendientes.get(distrito.codigo, 0),
                tipos_de_bien="; ".join(sorted(bienes)),
                fuentes="; ".join(sorted(fuentes)),
            )
        )
    return filas


def _cifras_de_entregas(entregas) -> dict[str, dict]:
    documento = Concat("tipo_documento", Value(":"), "numero_documento")
    agrupadas = entregas.values("distrito_id").annotate(
        canastas=Count("id"),
        hogares=Count("beneficiario_id", distinct=True),
        fuera_de_padron=Count(documento, distinct=True, filter=Q(beneficiario_id__isnull=True)),
        personas=Sum(_PERSONAS),
    )
    return {fila["distrito_id"]: fila for fila in agrupadas.order_by()}


def _pendientes_por_distrito(codigos: list[str], rango: Rango, tipo_registro_id: int | None) -> dict[str, int]:
    entregado = (
        Entrega.objects.filter(beneficiario_id=OuterRef("beneficiario_id"), tipo_registro_id=OuterRef("tipo_registro_id"))
        .filter(fecha_entrega__lt=rango.hasta)
        .exclude(estado=Entrega.Estado.ANULADA)
    )
    programados = Programacion.objects.filter(distrito_id__in=codigos)
    if tipo_registro_id is not None:
        programados = programados.filter(tipo_registro_id=tipo_registro_id)
    agrupados = (
        programados.filter(~Exists(entregado)).values("distrito_id").annotate(pendientes=Count("id")).order_by()
    )
    return {fila["distrito_id"]: fila["pendientes"] for fila in agrupados}


def _tipos_por_distrito(entregas, codigos: list[str], tipo_registro_id: int | None) -> dict[str, tuple[set, set]]:
    """Tipos de bien y fuentes de los tipos de registro entregados o programados en cada distrito."""
    programados = Programacion.objects.filter(distrito_id__in=codigos)
    if tipo_registro_id is not None:
        programados = programados.filter(tipo_registro_id=tipo_registro_id)

    pares = set(entregas.values_list("distrito_id", "tipo_registro_id").distinct().order_by())
    pares |= set(programados.values_list("distrito_id", "tipo_registro_id").distinct().order_by())

    datos_tipo = {
        tipo.pk: tipo
        for tipo in TipoRegistro.objects.filter(pk__in={tipo_id for _, tipo_id in pares}).only(
            "tipo_bien", "fuente_financiamiento"
        )
    }
    resultado: dict[str, tuple[set, set]] = {}
    for distrito_id, tipo_id in pares:
        bienes, fuentes = resultado.setdefault(distrito_id, (set(), set()))
        tipo = datos_tipo[tipo_id]
        if tipo.tipo_bien:
            bienes.add(tipo.tipo_bien)
        if tipo.fuente_financiamiento:
            fuentes.add(tipo.fuente_financiamiento)
    return resultado


# --- Lista de archivos -------------------------------------------------------------------------


def archivos_filtrados(datos: dict):
    """Archivos del alcance activo que cumplen los filtros de la lista, del más reciente al más antiguo."""
    consulta = ArchivoGenerado.objects.select_related("distrito", "departamento", "creado_por")
    if datos.get("tipo"):
        consulta = consulta.filter(tipo=datos["tipo"])
    if datos.get("estado"):
        consulta = consulta.filter(estado=datos["estado"])
    if datos.get("distrito"):
        consulta = consulta.filter(distrito_id=datos["distrito"])
    if datos.get("corte_desde"):
        consulta = consulta.filter(fecha_corte__gte=datos["corte_desde"])
    if datos.get("corte_hasta"):
        consulta = consulta.filter(fecha_corte__lte=datos["corte_hasta"])
    return consulta.order_by("-creado", "-id")
