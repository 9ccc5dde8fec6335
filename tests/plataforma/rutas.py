"""Tabla de rutas del barrido de permisos, repartida por app.

Cada paquete de pruebas puede tener módulos `rutas*.py` con una lista `RUTAS`
de `Ruta` y, si sus URLs llevan el id de un objeto, un diccionario `OBJETOS`
que crea ese objeto en Miraflores: `OBJETOS["entrega"] = lambda autor: ...`.
"""

import importlib
import pkgutil
from dataclasses import dataclass

from usuarios.models import Rol

A, S, O, I = Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR, Rol.OPERADOR, Rol.INVITADO


@dataclass(frozen=True)
class Ruta:
    nombre: str
    roles: frozenset
    objeto: str = ""  # clave de OBJETOS: la URL lleva el id de un objeto de Miraflores
    metodo: str = "get"
    requiere_distrito: bool = False  # el invitado nacional y el administrador sin distrito no tienen lista
    exito: int = 200
    datos: tuple = ()
    # Objetos que el operador solo ve si los registró él (sus propias capturas).
    solo_propios_operador: bool = False


def rutas_y_objetos() -> tuple[list[Ruta], dict]:
    """Reúne RUTAS y OBJETOS de los módulos `tests.<paquete>.rutas*` (p. ej. rutas_tipos.py)."""
    import tests

    rutas, objetos = [], {}
    for paquete in pkgutil.iter_modules(tests.__path__):
        if not paquete.ispkg:
            continue
        ruta_paquete = importlib.import_module(f"tests.{paquete.name}").__path__
        for modulo in pkgutil.iter_modules(ruta_paquete):
            if not modulo.name.startswith("rutas"):
                continue
            definicion = importlib.import_module(f"tests.{paquete.name}.{modulo.name}")
            rutas.extend(getattr(definicion, "RUTAS", []))
            objetos.update(getattr(definicion, "OBJETOS", {}))
    return rutas, objetos
