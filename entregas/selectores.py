"""Lecturas de entregas: tipos de registro visibles, búsqueda del hogar y su situación.

Las consultas de modelos con alcance (Beneficiario, Programacion, Entrega) corren
dentro del alcance de distrito activo; fuera de uno lanzan ScopeError.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.http import Http404
from django_scopes import scopes_disabled

from beneficiarios.models import Beneficiario, TipoDocumento
from entregas.models import Entrega, Programacion, TipoRegistro
from usuarios.models import Rol

LARGO_DNI = 8
# Separadores que la gente escribe dentro de un documento: "4 070 004", "40.700.04", "4070-004".
_SEPARADORES = str.maketrans("", "", " .-_/\t")


def tipos_visibles(*, usuario, solo_activos: bool = True):
    """Tipos de registro nacionales (sin distrito) más los del distrito del usuario.

    El administrador ve todos. Un usuario sin distrito ve solo los nacionales.
    """
    consulta = TipoRegistro.objects.select_related("distrito")
    if usuario.rol != Rol.ADMINISTRADOR:
        propios = Q(distrito_id=usuario.distrito_id) if usuario.distrito_id else Q(pk__in=[])
        consulta = consulta.filter(Q(distrito__isnull=True) | propios)
    if solo_activos:
        consulta = consulta.filter(activo=True)
    return consulta


def documento_normalizado(numero: str, tipo: str = TipoDocumento.DNI) -> str | None:
    """Quita espacios, puntos y guiones; un DNI se completa con ceros hasta 8 dígitos.

    Devuelve None si el número no puede ser un documento de ese tipo (un DNI con
    letras o con más de 8 dígitos, o un documento vacío).
    """
    texto = (numero or "").strip().translate(_SEPARADORES).upper()
    if not texto or len(texto) > 20:
        return None
    if tipo == TipoDocumento.DNI:
        if not (texto.isascii() and texto.isdigit()) or len(texto) > LARGO_DNI:
            return None
        return texto.zfill(LARGO_DNI)
    if not (texto.isascii() and texto.isalnum()):
        return None
    return texto


def hogar_por_documento(*, numero: str, tipo: str = TipoDocumento.DNI) -> Beneficiario | None:
    """Hogar del padrón con ese documento dentro del alcance activo, o None si no figura."""
    normalizado = documento_normalizado(numero, tipo)
    if normalizado is None:
        return None
    return (
        Beneficiario.objects.select_related("distrito")
        .filter(tipo_documento=tipo, numero_documento=normalizado)
        .first()
    )


def documento_en_otro_distrito(*, numero: str, tipo: str, distrito_id: str) -> bool:
    """Dice si el documento figura en el padrón de un distrito distinto de `distrito_id`.

    Consulta todo el país a propósito: el padrón es único a nivel nacional y un
    hogar de otro distrito no debe recibir aquí. Solo devuelve sí o no.
    """
    normalizado = documento_normalizado(numero, tipo)
    if normalizado is None:
        return False
    with scopes_disabled():
        return (
            Beneficiario.objects.filter(tipo_documento=tipo, numero_documento=normalizado)
            .exclude(distrito_id=distrito_id)
            .exists()
        )


@dataclass(frozen=True)
class SituacionHogar:
    """Si un hogar está programado para un tipo de registro y si ya lo recibió."""

    programado: bool
    fecha_programada: date | None
    punto_entrega: str
    entrega: Entrega | None

    @property
    def ya_entregado(self) -> bool:
        return self.entrega is not None


def entrega_vigente(
    *, tipo_registro, beneficiario: Beneficiario | None = None, tipo_documento: str = "", numero_documento: str = ""
) -> Entrega | None:
    """Entrega no anulada del hogar (o, fuera del padrón, del documento) para ese tipo.

    Sin hogar se busca por documento en todo el país, como hace la restricción única
    `entrega_fuera_de_padron_una_por_tipo`. Quien muestre el resultado debe ocultar
    los datos del operador si la entrega es de otro distrito.
    """
    if beneficiario is not None:
        return _entregas_no_anuladas().filter(beneficiario=beneficiario, tipo_registro=tipo_registro).first()

    with scopes_disabled():
        return (
            _entregas_no_anuladas()
            .filter(
                beneficiario__isnull=True,
                tipo_documento=tipo_documento,
                numero_documento=numero_documento,
                tipo_registro=tipo_registro,
            )
            .first()
        )


def _entregas_no_anuladas():
    return Entrega.objects.select_related("operador", "distrito").exclude(estado=Entrega.Estado.ANULADA)


def situacion_del_hogar(*, beneficiario: Beneficiario, tipo_registro) -> SituacionHogar:
    """Programación y entrega vigente del hogar para el tipo de registro."""
    programacion = Programacion.objects.filter(beneficiario=beneficiario, tipo_registro=tipo_registro).first()
    return SituacionHogar(
        programado=programacion is not None,
        fecha_programada=programacion.fecha_programada if programacion else None,
        punto_entrega=programacion.punto_entrega if programacion else "",
        entrega=entrega_vigente(tipo_registro=tipo_registro, beneficiario=beneficiario),
    )


def capturas_del_operador(*, operador, limite: int = 10):
    """Últimas entregas registradas por el usuario, de la más reciente a la más antigua."""
    return (
        Entrega.objects.filter(operador=operador)
        .select_related("tipo_registro", "beneficiario")
        .order_by("-registrado", "-id")[:limite]
    )


def captura_visible(*, usuario, pk: int) -> Entrega:
    """Entrega que el usuario puede revisar tras registrarla, o Http404.

    La ven su autor, el subadministrador de su distrito y el administrador. El
    alcance activo ya deja fuera las entregas de otros distritos.
    """
    entrega = (
        Entrega.objects.select_related("tipo_registro", "beneficiario", "operador", "distrito")
        .filter(pk=pk)
        .first()
    )
    if entrega is None:
        raise Http404("No existe esa entrega en su distrito.")

    if usuario.rol == Rol.ADMINISTRADOR:
        return entrega
    if usuario.rol == Rol.SUBADMINISTRADOR and entrega.distrito_id == usuario.distrito_id:
        return entrega
    if entrega.operador_id == usuario.pk:
        return entrega
    raise Http404("No existe esa entrega en su distrito.")
