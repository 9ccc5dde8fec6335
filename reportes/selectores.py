"""Cifras agregadas por territorio. Cruzan distritos, por eso desactivan el alcance
de forma explícita y devuelven solo conteos, nunca datos de personas."""

from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django_scopes import scopes_disabled

from beneficiarios.models import Beneficiario
from canastas.models import Departamento, Distrito, Provincia


def _potenciales_por(prefijo: int, **filtros) -> dict[str, dict]:
    """Hogares y personas del padrón agrupados por los primeros `prefijo` dígitos del ubigeo."""
    with scopes_disabled():
        filas = (
            Beneficiario.objects.filter(**filtros)
            .exclude(estado=Beneficiario.Estado.BAJA)
            .annotate(area=Substr("distrito_id", 1, prefijo))
            .values("area")
            .annotate(hogares=Count("id"), personas=Sum("miembros_hogar"))
        )
        return {fila["area"]: fila for fila in filas}


def _filas(areas, cifras: dict) -> list[dict]:
    filas = []
    for area in areas:
        dato = cifras.get(area.codigo, {})
        filas.append({"area": area, "hogares": dato.get("hogares", 0), "personas": dato.get("personas") or 0})
    return filas


def _total(filas: list[dict]) -> dict:
    return {
        "hogares": sum(fila["hogares"] for fila in filas),
        "personas": sum(fila["personas"] for fila in filas),
    }


def potenciales_nacional() -> dict:
    filas = _filas(Departamento.objects.all(), _potenciales_por(2))
    return {"filas": filas, "total": _total(filas)}


def potenciales_departamento(departamento: Departamento) -> dict:
    cifras = _potenciales_por(4, distrito__codigo__startswith=departamento.codigo)
    filas = _filas(departamento.provincias.all(), cifras)
    return {"filas": filas, "total": _total(filas)}


def potenciales_provincia(provincia: Provincia) -> dict:
    cifras = _potenciales_por(6, distrito__codigo__startswith=provincia.codigo)
    filas = _filas(provincia.distritos.all(), cifras)
    return {"filas": filas, "total": _total(filas)}


def potenciales_distrito(distrito: Distrito) -> dict:
    cifras = _potenciales_por(6, distrito_id=distrito.codigo).get(distrito.codigo, {})
    return {"hogares": cifras.get("hogares", 0), "personas": cifras.get("personas") or 0}
