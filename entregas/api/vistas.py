"""Operaciones de la API del aplicativo: tipos de registro, búsqueda del hogar y entregas.

Cada operación corre dentro del alcance de distrito del usuario del token
(`con_alcance`, instalado en api.py) y devuelve diccionarios ya armados: ninja
los serializa después, fuera del alcance.
"""

import logging
import math

from django.http import Http404
from ninja import File, Form, Query, Router, Schema, UploadedFile
from ninja.responses import Status
from ninja import Field as Campo

from beneficiarios.models import TipoDocumento
from entregas.api import esquemas
from entregas.api.seguridad import ROLES_CAPTURA, token_captura, token_usuario
from entregas.models import Entrega
from entregas.servicios import DatosEntrega, EntregaRechazada, entrega_registrar
from entregas.selectores import documento_normalizado, hogar_por_documento, situacion_del_hogar, tipos_visibles
from entregas.selectores_capturas import capturas_filtradas

logger = logging.getLogger(__name__)

router = Router()

# Respuestas de error que toda operación con token puede devolver.
ERRORES_TOKEN = {401: esquemas.Error, 422: esquemas.ErrorValidacion}
ERRORES_CAPTURA = {**ERRORES_TOKEN, 403: esquemas.Error}

POR_PAGINA_MAXIMO = 100

# Estado HTTP de cada código de EntregaRechazada; los demás códigos responden 422.
# Lo que es de otro distrito responde 404, como en el resto de la plataforma.
ESTADO_POR_RECHAZO = {
    "fuera-de-distrito": 404,
    "tipo-no-encontrado": 404,
    "ya-entregado": 409,
    "uuid-repetido": 409,
    "rol-no-permitido": 403,
    "sin-distrito": 403,
    "foto-muy-grande": 413,
}


@router.get("/yo", response={200: esquemas.Usuario, **ERRORES_TOKEN}, auth=token_usuario, tags=["cuenta"],
            summary="Usuario del token")
def yo(request):
    """Datos de la cuenta del token: rol, distrito y si puede registrar entregas."""
    usuario = request.auth
    distrito = usuario.distrito
    return {
        "username": usuario.username,
        "nombre": usuario.get_full_name() or usuario.username,
        "rol": usuario.rol,
        "distrito": usuario.distrito_id,
        "distrito_nombre": distrito.nombre if distrito else None,
        "puede_registrar": usuario.rol in ROLES_CAPTURA and bool(usuario.distrito_id),
    }


@router.get("/tipos-registro", response={200: list[esquemas.TipoRegistro], **ERRORES_CAPTURA}, auth=token_captura,
            tags=["entregas"], summary="Tipos de registro activos")
def tipos_registro(request):
    """Tipos de registro activos que el usuario puede registrar: los nacionales y los de su distrito."""
    tipos = tipos_visibles(usuario=request.auth).prefetch_related("productos")
    return [_tipo_registro(tipo) for tipo in tipos]


class FiltroHogar(Schema):
    tipo_registro: int = Campo(description="Id del tipo de registro para el que se consulta la situación.")
    tipo_documento: TipoDocumento = Campo(TipoDocumento.DNI, description="DNI, CE, PTP o PAS.")


@router.get("/hogares/{numero_documento}",
            response={200: esquemas.Hogar, **ERRORES_CAPTURA, 404: esquemas.Error}, auth=token_captura,
            tags=["entregas"], summary="Buscar un hogar por documento")
def hogar(request, numero_documento: str, filtro: Query[FiltroHogar]):
    """Hogar del padrón del distrito del usuario, con su programación y su entrega para el tipo de registro.

    Acepta el número con espacios, puntos o guiones, y un DNI sin su cero inicial.
    Un hogar de otro distrito responde 404, igual que uno que no existe.
    """
    tipo = _tipo_visible(request.auth, filtro.tipo_registro)
    if documento_normalizado(numero_documento, filtro.tipo_documento) is None:
        return Status(422, _documento_invalido(numero_documento, filtro.tipo_documento))

    beneficiario = hogar_por_documento(numero=numero_documento, tipo=filtro.tipo_documento)
    if beneficiario is None:
        raise Http404("No hay un hogar con ese documento en el padrón de su distrito.")

    situacion = situacion_del_hogar(beneficiario=beneficiario, tipo_registro=tipo)
    return _hogar(beneficiario, situacion)


class FiltroPagina(Schema):
    pagina: int = Campo(1, ge=1, description="Número de página, desde 1.")
    por_pagina: int = Campo(50, ge=1, le=POR_PAGINA_MAXIMO, description="Entregas por página (máximo 100).")


@router.get("/entregas", response={200: esquemas.PaginaEntregas, **ERRORES_CAPTURA}, auth=token_captura,
            tags=["entregas"], summary="Mis entregas registradas")
def mis_entregas(request, filtro: Query[FiltroPagina]):
    """Entregas que registró el usuario del token, de la más reciente a la más antigua."""
    consulta = capturas_filtradas(usuario=request.auth, operador=request.auth)
    total = consulta.count()
    inicio = (filtro.pagina - 1) * filtro.por_pagina
    pagina = consulta[inicio:inicio + filtro.por_pagina]
    return {
        "total": total,
        "pagina": filtro.pagina,
        "paginas": math.ceil(total / filtro.por_pagina),
        "por_pagina": filtro.por_pagina,
        "resultados": [entrega_a_dict(entrega) for entrega in pagina],
    }


@router.post(
    "/entregas",
    response={201: esquemas.EntregaSalida, 200: esquemas.EntregaSalida, **ERRORES_CAPTURA,
              404: esquemas.Error, 409: esquemas.Error, 413: esquemas.Error},
    auth=token_captura, tags=["entregas"], summary="Registrar una entrega",
)
def registrar_entrega(
    request,
    datos: Form[esquemas.EntregaEntrada],
    foto_dni_planilla: File[UploadedFile] = None,
    foto_beneficiario: File[UploadedFile] = None,
):
    """Registra una entrega con su evidencia (multipart/form-data).

    `foto_dni_planilla` (JPEG, PNG o WEBP, máximo 8 MB) es obligatoria;
    `foto_beneficiario` es opcional y exige `consentimiento_foto`. Responde 201 si
    la entrega es nueva y 200 con el mismo cuerpo si `uuid_cliente` ya se registró
    (reintento). Una regla incumplida responde 4xx con su código.
    """
    campos = datos.dict(exclude={"tipo_registro"})
    try:
        entrega, creada = entrega_registrar(
            operador=request.auth,
            tipo_registro=datos.tipo_registro,
            datos=DatosEntrega(**campos),
            foto_dni_planilla=foto_dni_planilla,
            foto_beneficiario=foto_beneficiario,
            origen=Entrega.Origen.APP,
            request=request,
        )
    except EntregaRechazada as rechazo:
        estado = ESTADO_POR_RECHAZO.get(rechazo.codigo, 422)
        logger.info(
            "Entrega %s del usuario %s rechazada por la API: %s", datos.uuid_cliente, request.auth.pk, rechazo.codigo
        )
        return Status(estado, {"codigo": rechazo.codigo, "mensaje": rechazo.mensaje})

    return Status(201 if creada else 200, entrega_a_dict(entrega))


def _tipo_visible(usuario, tipo_id: int):
    # Los inactivos también: el aplicativo puede consultar una campaña ya cerrada.
    tipo = tipos_visibles(usuario=usuario, solo_activos=False).filter(pk=tipo_id).first()
    if tipo is None:
        raise Http404(f"No existe el tipo de registro {tipo_id} para su distrito.")
    return tipo


def _documento_invalido(numero: str, tipo: str) -> dict:
    if tipo == TipoDocumento.DNI:
        mensaje = f"El DNI «{numero}» no es válido: debe tener hasta 8 dígitos."
    else:
        mensaje = f"El documento «{numero}» no es válido: use solo letras y números (hasta 20)."
    return {"codigo": "documento-invalido", "mensaje": mensaje, "errores": [{"campo": "numero_documento", "mensaje": mensaje}]}


def _tipo_registro(tipo) -> dict:
    return {
        "id": tipo.pk,
        "codigo": tipo.codigo,
        "nombre": tipo.nombre,
        "descripcion": tipo.descripcion,
        "nacional": tipo.es_nacional,
        "productos": [
            {"producto": p.producto, "unidad": p.unidad, "cantidad": p.cantidad} for p in tipo.productos.all()
        ],
    }


def _hogar(beneficiario, situacion) -> dict:
    entrega = situacion.entrega
    return {
        "id": beneficiario.pk,
        "tipo_documento": beneficiario.tipo_documento,
        "numero_documento": beneficiario.numero_documento,
        "nombres": beneficiario.nombres,
        "apellidos": beneficiario.apellidos,
        "direccion": beneficiario.direccion,
        "referencia": beneficiario.referencia,
        "miembros_hogar": beneficiario.miembros_hogar,
        "estado": beneficiario.estado,
        "programado": situacion.programado,
        "fecha_programada": situacion.fecha_programada,
        "punto_entrega": situacion.punto_entrega,
        "entrega": None if entrega is None else {
            "uuid_cliente": entrega.uuid_cliente,
            "fecha_entrega": entrega.fecha_entrega,
            "operador": entrega.operador.get_full_name() or entrega.operador.username,
            "origen": entrega.origen,
        },
    }


def entrega_a_dict(entrega: Entrega) -> dict:
    return {
        "id": entrega.pk,
        "uuid_cliente": entrega.uuid_cliente,
        "tipo_registro": entrega.tipo_registro_id,
        "tipo_registro_nombre": entrega.tipo_registro.nombre,
        "beneficiario": entrega.beneficiario_id,
        "tipo_documento": entrega.tipo_documento,
        "numero_documento": entrega.numero_documento,
        "nombres_receptor": entrega.nombres_receptor,
        "direccion": entrega.direccion,
        "tipo_entrega": entrega.tipo_entrega,
        "miembros_0_5": entrega.miembros_0_5,
        "miembros_6_17": entrega.miembros_6_17,
        "miembros_18_59": entrega.miembros_18_59,
        "miembros_60_mas": entrega.miembros_60_mas,
        "consentimiento_foto": entrega.consentimiento_foto,
        "tiene_foto_beneficiario": bool(entrega.foto_beneficiario),
        "sha256_dni_planilla": entrega.sha256_dni_planilla,
        "sha256_beneficiario": entrega.sha256_beneficiario,
        "latitud": entrega.latitud,
        "longitud": entrega.longitud,
        "precision_m": entrega.precision_m,
        "fecha_entrega": entrega.fecha_entrega,
        "registrado": entrega.registrado,
        "origen": entrega.origen,
        "estado": entrega.estado,
    }
