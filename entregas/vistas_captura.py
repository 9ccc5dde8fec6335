"""Captura web de una entrega, pensada para el celular: buscar el hogar, llenar la entrega, confirmar."""

import logging
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from canastas.permisos import requiere_rol
from entregas.formularios_captura import BusquedaHogarForm, CapturaForm
from entregas.models import Entrega
from entregas.selectores import (
    captura_visible,
    documento_en_otro_distrito,
    documento_normalizado,
    entrega_vigente,
    hogar_por_documento,
    situacion_del_hogar,
    tipos_visibles,
)
from entregas.servicios import EntregaRechazada, entrega_registrar
from usuarios.models import Rol

logger = logging.getLogger(__name__)

QUIENES_REGISTRAN = (Rol.OPERADOR, Rol.SUBADMINISTRADOR)


@requiere_rol(*QUIENES_REGISTRAN)
@require_http_methods(["GET", "POST"])
def nueva(request):
    """Paso 1 (GET): buscar el hogar por documento. Paso 2 (POST): registrar la entrega."""
    if request.method == "POST":
        return _registrar(request)

    busqueda = BusquedaHogarForm(request.GET or None, usuario=request.user)
    contexto = {"busqueda": busqueda}
    if busqueda.is_valid() and _busqueda_permitida(request, busqueda):
        contexto.update(_resultado_de_busqueda(request, busqueda))
    return render(request, "entregas/captura.html", contexto)


@requiere_rol(Rol.ADMINISTRADOR, *QUIENES_REGISTRAN)
def hecha(request, pk):
    """Confirmación de lo registrado; la ven su autor, el subadministrador del distrito y el administrador."""
    entrega = captura_visible(usuario=request.user, pk=pk)
    siguiente = f"{reverse('entregas:nueva')}?tipo_registro={entrega.tipo_registro_id}"
    return render(request, "entregas/captura_hecha.html", {"entrega": entrega, "siguiente": siguiente})


def _busqueda_permitida(request, busqueda) -> bool:
    """Limita las búsquedas por usuario y minuto.

    La respuesta dice si un documento figura en el padrón de otro distrito. Sin límite, alguien
    podría recorrer números de DNI para saber quiénes están en algún padrón.
    """
    clave = f"busqueda-hogar:{request.user.pk}:{int(time.time() // 60)}"
    cache.add(clave, 0, 60)
    if cache.incr(clave) <= settings.CANASTAS_BUSQUEDAS_POR_MINUTO:
        return True
    if cache.add(f"{clave}:avisado", True, 60):
        logger.warning("Usuario %s superó el límite de búsquedas de hogares por minuto.", request.user.pk)
    busqueda.add_error(None, "Hizo demasiadas búsquedas seguidas. Espere un minuto y vuelva a buscar.")
    return False


def _resultado_de_busqueda(request, busqueda) -> dict:
    tipo = busqueda.cleaned_data["tipo_registro"]
    tipo_documento = busqueda.cleaned_data["tipo_documento"]
    numero = documento_normalizado(busqueda.cleaned_data["numero"], tipo_documento)
    if numero is None:
        busqueda.add_error("numero", _ayuda_documento(busqueda.cleaned_data["numero"], tipo_documento))
        return {}

    resultado = {"tipo": tipo, "tipo_documento": tipo_documento, "numero": numero}
    hogar = hogar_por_documento(numero=numero, tipo=tipo_documento)
    if hogar is not None:
        situacion = situacion_del_hogar(beneficiario=hogar, tipo_registro=tipo)
        resultado.update(hogar=hogar, situacion=situacion)
        if not situacion.ya_entregado and hogar.estado != hogar.Estado.BAJA:
            resultado["formulario"] = _formulario_inicial(tipo, tipo_documento, numero, hogar=hogar)
        return resultado

    if documento_en_otro_distrito(numero=numero, tipo=tipo_documento, distrito_id=request.user.distrito_id):
        resultado["en_otro_distrito"] = True
        return resultado

    previa = entrega_vigente(tipo_registro=tipo, tipo_documento=tipo_documento, numero_documento=numero)
    resultado["previa_fuera_padron"] = previa
    if previa is None and request.GET.get("fuera_padron"):
        resultado["formulario"] = _formulario_inicial(tipo, tipo_documento, numero, hogar=None)
    parametros = request.GET.copy()
    parametros["fuera_padron"] = "1"
    resultado["enlace_fuera_padron"] = f"{request.path}?{parametros.urlencode()}"
    return resultado


def _ayuda_documento(escrito: str, tipo_documento: str) -> str:
    if tipo_documento == "DNI":
        return f"«{escrito}» no es un DNI: escriba sus 8 dígitos, sin letras."
    return f"«{escrito}» no es un número de documento válido: use solo letras y dígitos."


def _formulario_inicial(tipo, tipo_documento: str, numero: str, *, hogar) -> CapturaForm:
    inicial = {
        "tipo_registro": tipo.pk,
        "tipo_documento": tipo_documento,
        "numero_documento": numero,
        "fuera_padron": hogar is None,
    }
    if hogar is not None:
        inicial.update(
            nombres_receptor=f"{hogar.nombres} {hogar.apellidos}",
            direccion=hogar.direccion,
            telefono=hogar.telefono,
        )
    return CapturaForm(initial=inicial)


def _registrar(request):
    formulario = CapturaForm(request.POST, request.FILES)
    if formulario.is_valid():
        datos = formulario.cleaned_data
        # Sin JavaScript no llega el uuid del navegador: la restricción de una
        # canasta por hogar sigue impidiendo el duplicado.
        uuid_cliente = datos["uuid_cliente"] or uuid.uuid4()
        try:
            entrega, creada = entrega_registrar(
                operador=request.user,
                tipo_registro=datos["tipo_registro"],
                datos=formulario.datos_entrega(uuid_cliente=uuid_cliente),
                foto_dni_planilla=datos["foto_dni_planilla"],
                foto_beneficiario=datos["foto_beneficiario"] or None,
                origen=Entrega.Origen.WEB,
                request=request,
            )
        except EntregaRechazada as rechazo:
            logger.info("Captura web rechazada (%s) para el usuario %s", rechazo.codigo, request.user.pk)
            formulario.agregar_rechazo(rechazo)
        else:
            _avisar_resultado(request, entrega, creada)
            return redirect("entregas:captura_hecha", pk=entrega.pk)

    return render(request, "entregas/captura.html", _contexto_con_errores(request, formulario))


def _avisar_resultado(request, entrega: Entrega, creada: bool) -> None:
    if not creada:
        messages.info(request, "Esta entrega ya estaba guardada; no se registró dos veces.")
    elif entrega.estado == Entrega.Estado.OBSERVADA:
        messages.warning(request, "Entrega registrada como observada. Revise el motivo abajo.")
    else:
        messages.success(request, "Entrega registrada.")


def _contexto_con_errores(request, formulario: CapturaForm) -> dict:
    """Vuelve a mostrar el hogar buscado junto al formulario con sus errores."""
    datos = formulario.data
    tipo = tipos_visibles(usuario=request.user).filter(pk=_entero(datos.get("tipo_registro"))).first()
    tipo_documento = datos.get("tipo_documento", "DNI")
    numero = documento_normalizado(datos.get("numero_documento", ""), tipo_documento)
    hogar = hogar_por_documento(numero=numero, tipo=tipo_documento) if numero else None
    inicial = {"tipo_registro": tipo.pk if tipo else None, "tipo_documento": tipo_documento, "numero": numero or ""}

    return {
        "busqueda": BusquedaHogarForm(initial=inicial, usuario=request.user),
        "tipo": tipo,
        "tipo_documento": tipo_documento,
        "numero": numero,
        "hogar": hogar,
        "situacion": situacion_del_hogar(beneficiario=hogar, tipo_registro=tipo) if hogar and tipo else None,
        "formulario": formulario,
    }


def _entero(valor) -> int | None:
    try:
        return int(valor)
    except (TypeError, ValueError):
        return None
