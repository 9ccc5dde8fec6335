"""Beneficiarios programados: qué hogares del padrón recibirán cada tipo de registro.

Hay tres formas de programar (por filtros del padrón, eligiendo filas y subiendo
una lista de documentos) y las tres terminan en `programacion_crear_lote`, que
inserta todo en una sola sentencia `INSERT … SELECT … ON CONFLICT DO NOTHING`.
Así cada lote se guarda entero o no se guarda, y programar dos veces el mismo
hogar para el mismo tipo no crea nada nuevo (la base tiene la restricción
única `programacion_unica`).

Las lecturas usan los managers con alcance: fuera del alcance de una petición
lanzan ScopeError. Además, cada escritura filtra a mano por el distrito del
usuario, para no depender solo del alcance activo.
"""

import datetime
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django_scopes import scopes_disabled

from beneficiarios.importacion.columnas import ColumnaNumeroDocumento, ColumnaTipoDocumento
from beneficiarios.models import Beneficiario
from beneficiarios.selectores import beneficiarios_del_distrito
from canastas.auditoria import registrar_accion, valores_de
from canastas.hojas.lector import ArchivoRechazado, Hoja, leer_hoja
from canastas.importacion.columnas import (
    Contexto,
    ErrorCelda,
    MapeadorEncabezados,
    limpiar_texto_celda,
    valor_a_texto,
)
from canastas.models import RegistroAccion
from entregas.models import Entrega, Programacion, TipoRegistro
from entregas.servicios_tipos import tipos_programables
from usuarios.models import Rol

logger = logging.getLogger(__name__)

MODO_FILTRO = "filtro"
MODO_SELECCION = "seleccion"
MODO_ARCHIVO = "archivo"
_DESCRIPCION_MODO = {
    MODO_FILTRO: "por filtros del padrón",
    MODO_SELECCION: "eligiendo hogares de la lista",
    MODO_ARCHIVO: "con una lista de documentos",
}

# Filas observadas que se muestran tras rechazar un archivo; el resto solo se cuenta.
MAXIMO_FILAS_OBSERVADAS = 500


# --- Selectores ----------------------------------------------------------------


def _entrega_vigente_del_hogar():
    """Subconsulta: el hogar de la programación ya recibió ese tipo (entrega no anulada)."""
    return Entrega.objects.filter(
        beneficiario_id=OuterRef("beneficiario_id"), tipo_registro_id=OuterRef("tipo_registro_id")
    ).exclude(estado=Entrega.Estado.ANULADA)


def hogares_programables(
    *, busqueda: str = "", estado: str = "", sexo: str = "", centro_poblado: str = "", distrito: str = ""
) -> QuerySet[Beneficiario]:
    """Hogares del padrón, en el alcance activo, que se pueden programar: los que no están de baja."""
    consulta = beneficiarios_del_distrito(busqueda=busqueda, distrito=distrito, estado=estado, sexo=sexo)
    consulta = consulta.exclude(estado=Beneficiario.Estado.BAJA)
    if centro_poblado:
        consulta = consulta.filter(centro_poblado__icontains=centro_poblado)
    return consulta


def programaciones_visibles(
    *, tipo_registro: TipoRegistro | None = None, fecha: datetime.date | None = None,
    entregado: bool | None = None, busqueda: str = "",
) -> QuerySet[Programacion]:
    """Programaciones del alcance activo, cada una anotada con `entregado` (sí o no)."""
    consulta = Programacion.objects.select_related("beneficiario", "tipo_registro", "distrito").annotate(
        entregado=Exists(_entrega_vigente_del_hogar())
    )

    if tipo_registro is not None:
        consulta = consulta.filter(tipo_registro=tipo_registro)
    if fecha is not None:
        consulta = consulta.filter(fecha_programada=fecha)
    if entregado is not None:
        consulta = consulta.filter(entregado=entregado)
    if busqueda:
        hogares = beneficiarios_del_distrito(busqueda=busqueda).values("pk")
        consulta = consulta.filter(beneficiario_id__in=hogares)

    return consulta.order_by("fecha_programada", "beneficiario__apellido_paterno", "id")


@dataclass(frozen=True)
class AvanceTipo:
    tipo_registro_id: int
    codigo: str
    nombre: str
    programados: int
    entregados: int

    @property
    def pendientes(self) -> int:
        return self.programados - self.entregados

    @property
    def porcentaje(self) -> int:
        return self.entregados * 100 // self.programados if self.programados else 0


def avance_por_tipo() -> list[AvanceTipo]:
    """Programados y entregados por tipo de registro en el alcance activo.

    Un entregado es un hogar programado con una entrega no anulada de ese mismo
    tipo. Las entregas a hogares no programados no cuentan aquí.
    """
    filas = (
        Programacion.objects.values("tipo_registro_id", "tipo_registro__codigo", "tipo_registro__nombre")
        .annotate(
            programados=Count("id"),
            entregados=Count("id", filter=Q(Exists(_entrega_vigente_del_hogar()))),
        )
        .order_by("tipo_registro__nombre", "tipo_registro_id")
    )
    return [
        AvanceTipo(
            tipo_registro_id=fila["tipo_registro_id"],
            codigo=fila["tipo_registro__codigo"],
            nombre=fila["tipo_registro__nombre"],
            programados=fila["programados"],
            entregados=fila["entregados"],
        )
        for fila in filas
    ]


def hogar_recibio_tipo(programacion: Programacion) -> bool:
    """Indica si el hogar ya tiene una entrega no anulada del tipo de la programación.

    Consulta sin alcance: una entrega del hogar registrada en otro distrito también cuenta.
    """
    with scopes_disabled():
        return (
            Entrega.objects.filter(
                beneficiario_id=programacion.beneficiario_id, tipo_registro_id=programacion.tipo_registro_id
            )
            .exclude(estado=Entrega.Estado.ANULADA)
            .exists()
        )


# --- Reglas comunes de escritura --------------------------------------------------


def _exigir_gestor(usuario) -> None:
    if usuario.rol == Rol.ADMINISTRADOR:
        return
    if usuario.rol == Rol.SUBADMINISTRADOR and usuario.distrito_id:
        return
    raise PermissionDenied("Solo el administrador y el subadministrador programan hogares.")


def _exigir_tipo_programable(usuario, tipo_registro: TipoRegistro) -> None:
    if not tipos_programables(usuario=usuario).filter(pk=tipo_registro.pk).exists():
        raise ValidationError(
            {"tipo_registro": f"El tipo de registro «{tipo_registro}» no está activo o no es de su distrito."}
        )


def hogares_admitidos(*, usuario, tipo_registro: TipoRegistro, hogares: QuerySet[Beneficiario]):
    """Restringe `hogares` a los que el usuario puede programar para ese tipo.

    Quedan fuera los hogares de baja, los de otro distrito (salvo para el
    administrador) y, si el tipo es distrital, los de un distrito distinto al del tipo.
    """
    hogares = hogares.exclude(estado=Beneficiario.Estado.BAJA)
    if usuario.rol != Rol.ADMINISTRADOR:
        hogares = hogares.filter(distrito_id=usuario.distrito_id)
    if tipo_registro.distrito_id is not None:
        hogares = hogares.filter(distrito_id=tipo_registro.distrito_id)
    return hogares


@dataclass(frozen=True)
class ResultadoProgramacion:
    candidatos: int
    nuevos: int

    @property
    def ya_programados(self) -> int:
        return self.candidatos - self.nuevos


_INSERTAR_PROGRAMACIONES = """
    INSERT INTO {tabla} (beneficiario_id, tipo_registro_id, distrito_id, fecha_programada,
                         punto_entrega, creado_por_id, creado)
    SELECT hogar.id, %s, hogar.distrito_id, %s, %s, %s, %s
    FROM ({hogares}) AS hogar
    ON CONFLICT (beneficiario_id, tipo_registro_id) DO NOTHING
    RETURNING distrito_id
"""


@transaction.atomic
def programacion_crear_lote(
    *,
    usuario,
    tipo_registro: TipoRegistro,
    fecha_programada: datetime.date,
    punto_entrega: str,
    hogares: QuerySet[Beneficiario],
    modo: str,
    esperados: int | None = None,
    detalle: str = "",
    request=None,
) -> ResultadoProgramacion:
    """Programa los `hogares` admitidos para el tipo, en una sola sentencia.

    Los hogares ya programados para ese tipo se cuentan y se dejan como están (su
    fecha y su punto de entrega no cambian). Si se da `esperados` y el número de
    hogares admitidos es otro (el padrón cambió desde la confirmación), lanza
    ValidationError y no guarda nada. Deja un registro de auditoría por lote.
    """
    _exigir_gestor(usuario)
    _exigir_tipo_programable(usuario, tipo_registro)

    admitidos = hogares_admitidos(usuario=usuario, tipo_registro=tipo_registro, hogares=hogares).order_by()
    candidatos = admitidos.count()
    if esperados is not None and candidatos != esperados:
        raise ValidationError(
            f"El número de hogares cambió de {esperados} a {candidatos} desde que usted confirmó "
            "(alguien modificó el padrón). Revise la cantidad y confirme de nuevo."
        )

    sql_hogares, parametros_hogares = admitidos.values("id", "distrito_id").query.sql_with_params()
    sentencia = _INSERTAR_PROGRAMACIONES.format(tabla=Programacion._meta.db_table, hogares=sql_hogares)
    parametros = [tipo_registro.pk, fecha_programada, punto_entrega, usuario.pk, timezone.now()]
    with connection.cursor() as cursor:
        cursor.execute(sentencia, [*parametros, *parametros_hogares])
        insertadas = cursor.fetchall()
    nuevos = len(insertadas)
    distritos = {distrito_id for (distrito_id,) in insertadas}

    resultado = ResultadoProgramacion(candidatos=candidatos, nuevos=nuevos)
    _auditar_lote(
        usuario=usuario,
        tipo_registro=tipo_registro,
        fecha_programada=fecha_programada,
        punto_entrega=punto_entrega,
        modo=modo,
        resultado=resultado,
        distritos=distritos,
        detalle=detalle,
        request=request,
    )
    return resultado


def _auditar_lote(
    *, usuario, tipo_registro, fecha_programada, punto_entrega, modo, resultado, distritos, detalle, request
) -> None:
    # Un lote del administrador puede abarcar varios distritos: entonces la fila de auditoría no lleva distrito.
    distrito_id = usuario.distrito_id or (next(iter(distritos)) if len(distritos) == 1 else None)
    texto = (
        f"Programación {_DESCRIPCION_MODO[modo]}: {resultado.nuevos} hogares nuevos, "
        f"{resultado.ya_programados} ya estaban programados."
    )
    registrar_accion(
        usuario=usuario,
        accion=RegistroAccion.Accion.CREAR,
        modelo=Programacion._meta.label,
        distrito_id=distrito_id,
        despues={
            "tipo_registro": tipo_registro.codigo,
            "fecha_programada": fecha_programada.isoformat(),
            "punto_entrega": punto_entrega,
            "modo": modo,
            "hogares": resultado.candidatos,
            "programados": resultado.nuevos,
            "ya_programados": resultado.ya_programados,
        },
        detalle=f"{texto} {detalle}".strip(),
        request=request,
    )


# --- Las tres formas de programar -------------------------------------------------


def programacion_por_filtros(*, usuario, filtros: dict, esperados: int | None, **datos) -> ResultadoProgramacion:
    """Programa todos los hogares que dan los filtros del padrón (`hogares_programables`)."""
    return programacion_crear_lote(
        usuario=usuario, hogares=hogares_programables(**filtros), modo=MODO_FILTRO, esperados=esperados, **datos
    )


def contar_por_filtros(*, usuario, tipo_registro: TipoRegistro, filtros: dict) -> int:
    """Hogares que programaría `programacion_por_filtros`, para mostrarlos antes de confirmar."""
    return hogares_admitidos(usuario=usuario, tipo_registro=tipo_registro, hogares=hogares_programables(**filtros)).count()


def programacion_por_seleccion(*, usuario, ids: list[int], **datos) -> ResultadoProgramacion:
    """Programa los hogares elegidos. Si alguno no se puede programar, no programa ninguno."""
    pedidos = set(ids)
    if not pedidos:
        raise ValidationError("Marque al menos un hogar de la lista.")

    hogares = Beneficiario.objects.filter(pk__in=pedidos)
    admitidos = hogares_admitidos(usuario=usuario, tipo_registro=datos["tipo_registro"], hogares=hogares).count()
    if admitidos != len(pedidos):
        faltan = len(pedidos) - admitidos
        raise ValidationError(
            f"{faltan} de los {len(pedidos)} hogares marcados no se pueden programar para este tipo "
            "(están de baja, son de otro distrito o ya no existen). No se programó ninguno. "
            "Actualice la lista y vuelva a marcarlos."
        )
    return programacion_crear_lote(usuario=usuario, hogares=hogares, modo=MODO_SELECCION, **datos)


# --- Lista de documentos en un archivo ----------------------------------------------


@dataclass(frozen=True)
class FilaObservada:
    fila: int
    valor: str
    codigo: str
    mensaje: str


@dataclass
class LecturaDocumentos:
    """Documentos leídos de un archivo, por fila, con sus problemas."""

    documentos: dict[tuple[str, str], int] = field(default_factory=dict)  # (tipo, número) → primera fila
    errores: list[FilaObservada] = field(default_factory=list)
    advertencias: list[FilaObservada] = field(default_factory=list)


class ProgramacionRechazada(Exception):
    """Archivo con filas observadas: no se programó ningún hogar."""

    def __init__(self, errores: list[FilaObservada], total_errores: int):
        super().__init__(f"{total_errores} filas observadas")
        self.errores = errores
        self.total_errores = total_errores


def _columna_tipo_opcional() -> ColumnaTipoDocumento:
    # Casi siempre la lista trae solo DNI: sin columna de tipo o con la celda vacía, el tipo es DNI.
    columna = ColumnaTipoDocumento()
    columna.requerida = False
    columna.vacio = "DNI"
    return columna


def _parece_documento(valores) -> bool:
    """La fila es un documento suelto, no un encabezado: la lista puede venir sin encabezado."""
    llenas = [valor for valor in valores if valor not in (None, "")]
    if len(llenas) != 1:
        return False
    texto = limpiar_texto_celda(valor_a_texto(llenas[0])).lstrip("'")
    return texto.isascii() and texto.isalnum() and any(caracter.isdigit() for caracter in texto)


def _filas_con_documento(hoja: Hoja, mapeador: MapeadorEncabezados) -> Iterator[tuple[int, Any, Any]]:
    """Recorre (fila, valor del tipo o None, valor del número) del archivo."""
    if mapeador.reconoce(hoja.encabezados):
        mapeo = mapeador.mapear_o_rechazar(hoja.encabezados, primera_columna=hoja.primera_columna)
        indices = {columna.nombre: indice for indice, columna in mapeo.columnas.items()}
        indice_tipo = indices.get("tipo_documento")
        indice_numero = indices["numero_documento"]
        for numero_fila, valores in hoja.filas():
            tipo = valores[indice_tipo] if indice_tipo is not None else None
            yield numero_fila, tipo, valores[indice_numero]
        return

    # Sin encabezado: la fila que `leer_hoja` tomó por encabezado ya es el primer documento.
    indice_numero = next(i for i, valor in enumerate(hoja.encabezados) if valor not in (None, ""))
    yield hoja.fila_encabezado, None, hoja.encabezados[indice_numero]
    for numero_fila, valores in hoja.filas():
        yield numero_fila, None, valores[indice_numero]


def leer_documentos(archivo) -> LecturaDocumentos:
    """Lee la columna de documentos de un CSV o libro de Excel.

    Acepta un encabezado como «DNI» o «numero_documento» (y una columna opcional
    «tipo_documento» con DNI o CE) o una sola columna de números sin encabezado.
    Un DNI con menos de 8 dígitos se completa con ceros a la izquierda, con una
    advertencia. Lanza `ArchivoRechazado` si el archivo no se puede leer.
    """
    columna_tipo = _columna_tipo_opcional()
    columna_numero = ColumnaNumeroDocumento()
    mapeador = MapeadorEncabezados([columna_tipo, columna_numero], minimo=1)
    hoja = leer_hoja(
        archivo,
        es_encabezado=lambda valores: mapeador.reconoce(valores) or _parece_documento(valores),
        encabezados_esperados=["DNI"],
    )

    lectura = LecturaDocumentos()
    contexto = Contexto(hoy=timezone.localdate(), epoca_1904=hoja.epoca_1904)
    for numero_fila, valor_tipo, valor_numero in _filas_con_documento(hoja, mapeador):
        contexto.fila = numero_fila
        contexto.valores = {}
        contexto.advertencias = []
        try:
            tipo = columna_tipo.limpiar(valor_tipo, contexto)
            contexto.valores["tipo_documento"] = tipo
            numero = columna_numero.limpiar(valor_numero, contexto)
        except ErrorCelda as error:
            lectura.errores.append(FilaObservada(numero_fila, valor_a_texto(valor_numero), error.codigo, error.mensaje))
            continue

        for _, codigo, mensaje in contexto.advertencias:
            lectura.advertencias.append(FilaObservada(numero_fila, valor_a_texto(valor_numero), codigo, mensaje))
        primera = lectura.documentos.setdefault((tipo, numero), numero_fila)
        if primera != numero_fila:
            lectura.advertencias.append(
                FilaObservada(
                    numero_fila, numero, "W-PROG-REPETIDO",
                    f"el documento {tipo} {numero} ya está en la fila {primera}; se programa una sola vez.",
                )
            )
    return lectura


def _hogares_por_documento(documentos) -> dict[tuple[str, str], tuple[int, str, str]]:
    """(tipo, número) → (id, distrito, estado) de los hogares de todo el país con esos documentos.

    Consulta sin alcance a propósito, para distinguir «no está en el padrón» de
    «es de otro distrito». Quien llama no debe mostrar nada más que esa diferencia.
    """
    por_tipo: dict[str, list[str]] = {}
    for tipo, numero in documentos:
        por_tipo.setdefault(tipo, []).append(numero)

    encontrados = {}
    with scopes_disabled():
        for tipo, numeros in por_tipo.items():
            filas = Beneficiario.objects.filter(tipo_documento=tipo, numero_documento__in=numeros).values_list(
                "numero_documento", "id", "distrito_id", "estado"
            )
            for numero, pk, distrito_id, estado in filas:
                encontrados[(tipo, numero)] = (pk, distrito_id, estado)
    return encontrados


def _observar_documento(*, usuario, tipo_registro, tipo: str, numero: str, hogar) -> tuple[str, str] | None:
    """Código y mensaje si el documento no se puede programar, o None si se puede."""
    documento = f"{tipo} {numero}"
    if hogar is None:
        return "E-PROG-NO-PADRON", f"el documento {documento} no está en el padrón. Regístrelo primero en el padrón."

    _, distrito_id, estado = hogar
    if usuario.rol != Rol.ADMINISTRADOR and distrito_id != usuario.distrito_id:
        return (
            "E-PROG-OTRO-DISTRITO",
            f"el documento {documento} pertenece al padrón de otro distrito. Solo puede programar hogares de su "
            "distrito.",
        )
    if tipo_registro.distrito_id is not None and distrito_id != tipo_registro.distrito_id:
        return (
            "E-PROG-DISTRITO-TIPO",
            f"el hogar del documento {documento} es de otro distrito que el tipo de registro «{tipo_registro}», "
            "que solo vale para su distrito. Use un tipo nacional o quite esta fila.",
        )
    if estado == Beneficiario.Estado.BAJA:
        return "E-PROG-BAJA", f"el hogar del documento {documento} está de baja en el padrón y no se programa."
    return None


def programacion_por_archivo(*, usuario, archivo, nombre_archivo: str = "", **datos) -> tuple[ResultadoProgramacion, list[FilaObservada]]:
    """Programa los hogares de una lista de documentos; todo o nada.

    Devuelve el resultado y las advertencias (DNI completados, filas repetidas).
    Lanza `ArchivoRechazado` si el archivo no se puede leer y `ProgramacionRechazada`
    con las filas observadas si algún documento no se puede programar.
    """
    _exigir_gestor(usuario)
    lectura = leer_documentos(archivo)

    hogares = _hogares_por_documento(lectura.documentos)
    errores = list(lectura.errores)
    ids = []
    for (tipo, numero), numero_fila in lectura.documentos.items():
        hogar = hogares.get((tipo, numero))
        observacion = _observar_documento(
            usuario=usuario, tipo_registro=datos["tipo_registro"], tipo=tipo, numero=numero, hogar=hogar
        )
        if observacion is None:
            ids.append(hogar[0])
        else:
            errores.append(FilaObservada(numero_fila, numero, *observacion))

    if errores:
        errores.sort(key=lambda observada: observada.fila)
        logger.info("Lista de programados rechazada: %d filas observadas (usuario %s)", len(errores), usuario.pk)
        raise ProgramacionRechazada(errores[:MAXIMO_FILAS_OBSERVADAS], len(errores))

    detalle = f"Archivo «{nombre_archivo}» con {len(lectura.documentos)} documentos." if nombre_archivo else ""
    resultado = programacion_crear_lote(
        usuario=usuario,
        hogares=Beneficiario.objects.filter(pk__in=ids),
        modo=MODO_ARCHIVO,
        esperados=len(ids),
        detalle=detalle,
        **datos,
    )
    return resultado, lectura.advertencias


# --- Quitar una programación --------------------------------------------------------


@transaction.atomic
def programacion_quitar(*, usuario, programacion: Programacion, motivo: str = "", request=None) -> None:
    """Quita la programación si el hogar todavía no recibió ese tipo; si lo recibió, lanza ValidationError."""
    _exigir_gestor(usuario)
    programacion = Programacion.objects.select_for_update().get(pk=programacion.pk)
    if usuario.rol != Rol.ADMINISTRADOR and programacion.distrito_id != usuario.distrito_id:
        raise PermissionDenied("La programación es de otro distrito.")
    if hogar_recibio_tipo(programacion):
        raise ValidationError(
            "El hogar ya recibió este tipo de registro: la programación no se puede quitar. "
            "Si la entrega fue un error, anúlela primero."
        )

    antes = valores_de(programacion, ["beneficiario_id", "tipo_registro_id", "fecha_programada", "punto_entrega"])
    antes["documento"] = programacion.beneficiario.numero_documento
    antes["tipo_registro"] = programacion.tipo_registro.codigo
    registrar_accion(
        usuario=usuario,
        accion=RegistroAccion.Accion.ANULAR,
        objeto=programacion,
        antes=antes,
        detalle=motivo or "Se quitó la programación del hogar.",
        request=request,
    )
    programacion.delete()
