"""Lecturas de las capturas (entregas con su evidencia) para la lista, la ficha, el mapa y la exportación.

Corren dentro del alcance del distrito del usuario: fuera de un alcance, la
consulta de `Entrega` lanza `ScopeError`. Encima del alcance, el operador solo
ve las entregas que registró él.
"""

import datetime
import math
from dataclasses import dataclass

from django.db.models import QuerySet

from entregas.models import Entrega, TipoRegistro
from usuarios.models import Rol, Usuario

# Un punto GPS a más de esta distancia de la capital del distrito se marca como
# improbable. En los distritos más extensos (p. ej. en Loreto) un punto legítimo
# puede quedar más lejos, así que la marca pide revisar la entrega, no prueba un error.
DISTANCIA_MAXIMA_KM = 30.0

# Radio medio de la Tierra (IUGG), en km, para la fórmula del haversine.
RADIO_TIERRA_KM = 6371.0088

# Tope de puntos por mapa, para que el navegador no se vuelva lento. Se muestran los más recientes.
# NOTE: 5000 es una estimación, no se midió en un celular de gama baja.
MAXIMO_PUNTOS_MAPA = 5000

ROLES_CON_CAPTURAS = frozenset({Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR, Rol.OPERADOR})


def capturas_visibles(*, usuario: Usuario) -> QuerySet[Entrega]:
    """Devuelve las entregas que el usuario puede ver con sus fotos. El operador solo ve las que registró."""
    if usuario.rol not in ROLES_CON_CAPTURAS:
        return Entrega.objects.none()

    consulta = Entrega.objects.select_related("distrito", "tipo_registro", "operador")
    if usuario.rol == Rol.OPERADOR:
        consulta = consulta.filter(operador=usuario)
    return consulta


def capturas_filtradas(
    *,
    usuario: Usuario,
    desde: datetime.date | None = None,
    hasta: datetime.date | None = None,
    operador: Usuario | None = None,
    tipo_registro: TipoRegistro | None = None,
    origen: str = "",
    estado: str = "",
    distrito: str = "",
) -> QuerySet[Entrega]:
    """Filtra las capturas visibles. `desde` y `hasta` son días de entrega en hora de Lima."""
    consulta = capturas_visibles(usuario=usuario)

    # `__date` convierte la hora del dispositivo a la zona horaria activa (America/Lima).
    if desde:
        consulta = consulta.filter(fecha_entrega__date__gte=desde)
    if hasta:
        consulta = consulta.filter(fecha_entrega__date__lte=hasta)
    if operador:
        consulta = consulta.filter(operador=operador)
    if tipo_registro:
        consulta = consulta.filter(tipo_registro=tipo_registro)
    if origen:
        consulta = consulta.filter(origen=origen)
    if estado:
        consulta = consulta.filter(estado=estado)
    if distrito:
        consulta = consulta.filter(distrito_id=distrito)

    return consulta.order_by("-fecha_entrega", "-id")


def operadores_de_capturas(*, usuario: Usuario) -> QuerySet[Usuario]:
    """Devuelve los usuarios que registraron alguna captura visible, para el filtro por operador."""
    registradores = capturas_visibles(usuario=usuario).values("operador_id")
    return Usuario.objects.filter(pk__in=registradores).order_by("username")


def tipos_de_capturas(*, usuario: Usuario) -> QuerySet[TipoRegistro]:
    """Devuelve los tipos de registro con alguna captura visible, para el filtro por tipo."""
    tipos = capturas_visibles(usuario=usuario).values("tipo_registro_id")
    return TipoRegistro.objects.filter(pk__in=tipos).order_by("nombre")


def distancia_km(latitud_1: float, longitud_1: float, latitud_2: float, longitud_2: float) -> float:
    """Calcula la distancia en km sobre la esfera terrestre (haversine) entre dos puntos en grados decimales."""
    fi_1, fi_2 = math.radians(latitud_1), math.radians(latitud_2)
    delta_fi = fi_2 - fi_1
    delta_lambda = math.radians(longitud_2 - longitud_1)

    a = math.sin(delta_fi / 2) ** 2 + math.cos(fi_1) * math.cos(fi_2) * math.sin(delta_lambda / 2) ** 2
    return 2 * RADIO_TIERRA_KM * math.asin(math.sqrt(a))


def distancia_a_la_capital_km(entrega: Entrega) -> float | None:
    """Calcula la distancia del punto GPS a la capital del distrito, o None si falta alguna coordenada."""
    distrito = entrega.distrito
    if None in (entrega.latitud, entrega.longitud, distrito.latitud, distrito.longitud):
        return None
    return distancia_km(
        float(entrega.latitud), float(entrega.longitud), float(distrito.latitud), float(distrito.longitud)
    )


def esta_lejos(distancia: float | None) -> bool:
    return distancia is not None and distancia > DISTANCIA_MAXIMA_KM


@dataclass(frozen=True)
class PuntoCaptura:
    """Una captura con punto GPS, lista para el mapa."""

    pk: int
    latitud: float
    longitud: float
    fecha_entrega: datetime.datetime
    estado: str
    distrito_id: str
    tipo_registro: str
    distancia_capital_km: float | None

    @property
    def lejano(self) -> bool:
        return esta_lejos(self.distancia_capital_km)


@dataclass(frozen=True)
class PuntosDelMapa:
    puntos: list[PuntoCaptura]
    sin_gps: int  # capturas filtradas que no tienen punto GPS
    truncado: bool  # había más de `limite` puntos y solo van los más recientes

    @property
    def lejanos(self) -> list[PuntoCaptura]:
        return [punto for punto in self.puntos if punto.lejano]


def puntos_del_mapa(consulta: QuerySet[Entrega], *, limite: int = MAXIMO_PUNTOS_MAPA) -> PuntosDelMapa:
    """Reúne los puntos GPS de las capturas filtradas, cada uno con su distancia a la capital del distrito."""
    con_gps = consulta.filter(latitud__isnull=False, longitud__isnull=False)
    sin_gps = consulta.count() - con_gps.count()

    # Se pide un punto más que el límite solo para saber si hubo que recortar.
    filas = list(
        con_gps.values_list(
            "pk", "latitud", "longitud", "fecha_entrega", "estado", "distrito_id",
            "tipo_registro__nombre", "distrito__latitud", "distrito__longitud",
        )[: limite + 1]
    )
    truncado = len(filas) > limite

    puntos = []
    for pk, latitud, longitud, fecha, estado, distrito_id, tipo, latitud_capital, longitud_capital in filas[:limite]:
        distancia = None
        if latitud_capital is not None and longitud_capital is not None:
            distancia = distancia_km(float(latitud), float(longitud), float(latitud_capital), float(longitud_capital))
        puntos.append(
            PuntoCaptura(
                pk=pk, latitud=float(latitud), longitud=float(longitud), fecha_entrega=fecha, estado=estado,
                distrito_id=distrito_id, tipo_registro=tipo, distancia_capital_km=distancia,
            )
        )
    return PuntosDelMapa(puntos=puntos, sin_gps=sin_gps, truncado=truncado)


# Evidencias que se pueden pedir por URL, con el campo del modelo que guarda cada una.
EVIDENCIAS = {"dni": "foto_dni_planilla", "persona": "foto_beneficiario"}


def evidencia_de(entrega: Entrega, cual: str):
    """Devuelve el archivo guardado de la evidencia pedida (`FieldFile`), o None si falta o no se puede mostrar.

    Solo se usa el nombre que guardó el modelo, nunca uno que llegue en la
    petición. La foto de la persona solo se muestra si consintió que se la tomaran.
    """
    campo = EVIDENCIAS.get(cual)
    if campo is None:
        return None
    if cual == "persona" and not entrega.consentimiento_foto:
        return None

    archivo = getattr(entrega, campo)
    return archivo if archivo else None
