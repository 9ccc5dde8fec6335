"""Matriz de roles del diseño (qué puede hacer cada rol) y la sección del manual que explica cada tarea.

MATRIZ copia las filas de la tabla de roles del documento de diseño. Una celda con
texto («✔», «✔ own», «own captures»…) da la tarea al rol. SECCIONES dice, para cada
tarea y cada rol que la tiene, el encabezado del capítulo de ese rol que la explica.
"""

from usuarios.models import Rol

A, S, O, I = Rol.ADMINISTRADOR, Rol.SUBADMINISTRADOR, Rol.OPERADOR, Rol.INVITADO

MATRIZ = {
    "create/deactivate sub-admins and national guests": {A},
    "create/deactivate operators and guests of own district": {A, S},
    "keep tipos de registro": {A, S},
    "upload padrón; correct a beneficiario": {A, S},
    "register programados": {A, S},
    "record an entrega (web form or API)": {S, O},
    "bulk upload of entregas": {A, S},
    "see captures with photos": {A, S, O},
    "read padrón and entregas lists": {A, S, O, I},
    "consolidated views and reports at every level": {A, S, I},
    "Contraloría and INDECI files": {A, S},
    "Django admin": {A},
}

SECCIONES = {
    "create/deactivate sub-admins and national guests": {
        A: ["Crear subadministradores e invitados nacionales", "Desactivar y reactivar usuarios"],
    },
    "create/deactivate operators and guests of own district": {
        A: ["Desactivar y reactivar usuarios"],
        S: ["Crear operadores e invitados del distrito", "Desactivar y reactivar usuarios"],
    },
    "keep tipos de registro": {
        A: ["Mantener los tipos de registro nacionales"],
        S: ["Mantener los tipos de registro del distrito"],
    },
    "upload padrón; correct a beneficiario": {
        A: ["Cargar un padrón", "Errores frecuentes de la carga del padrón", "Corregir un hogar del padrón"],
        S: ["Cargar el padrón del distrito", "Errores frecuentes de la carga del padrón",
            "Corregir un hogar del padrón"],
    },
    "register programados": {A: ["Programar hogares"], S: ["Programar hogares"]},
    "record an entrega (web form or API)": {
        S: ["Registrar una entrega"],
        O: ["Registrar una entrega", "Mensajes y cómo resolverlos"],
    },
    "bulk upload of entregas": {
        A: ["Cargar entregas hechas en papel"],
        S: ["Cargar entregas hechas en papel"],
    },
    "see captures with photos": {
        A: ["Revisar las entregas y su evidencia"],
        S: ["Revisar las entregas y su evidencia"],
        O: ["Ver mis entregas"],
    },
    "read padrón and entregas lists": {
        A: ["Consultar el padrón y las entregas"],
        S: ["Consultar el padrón y las entregas"],
        O: ["Ver mis entregas"],
        I: ["Consultar el padrón y las entregas del distrito"],
    },
    "consolidated views and reports at every level": {
        A: ["Ver los reportes consolidados"],
        S: ["Ver los reportes y la vista consolidada"],
        I: ["Ver los reportes"],
    },
    "Contraloría and INDECI files": {
        A: ["Archivos para la Contraloría y el INDECI"],
        S: ["Archivos para la Contraloría y el INDECI"],
    },
    "Django admin": {A: ["Administración de Django"]},
}
