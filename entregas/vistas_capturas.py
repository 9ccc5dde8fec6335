"""Capturas del distrito: lista, ficha, fotos de evidencia, observación o anulación, mapa y exportación."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from canastas.auditoria import historial_de, registrar_accion
from canastas.models import Distrito, RegistroAccion
from usuarios.models import Rol
from canastas.permisos import GESTORES, requiere_distrito, requiere_rol
from entregas.evidencias_capturas import respuesta_foto, respuesta_miniatura
from entregas.exportacion import FORMATOS, capturas_a_exportar, respuesta_exportacion_capturas
from entregas.formularios_capturas import MotivoForm
from entregas.models import Entrega
from entregas.selectores_capturas import (
    DISTANCIA_MAXIMA_KM,
    ROLES_CON_CAPTURAS,
    capturas_visibles,
    distancia_a_la_capital_km,
    esta_lejos,
    evidencia_de,
    puntos_del_mapa,
)
from entregas.servicios_capturas import (
    ESTADOS_ANULABLES,
    ESTADOS_OBSERVABLES,
    entrega_anular,
    entrega_observar,
)

POR_PAGINA = 25


def _filtro_y_consulta(request):
    return capturas_a_exportar(usuario=request.user, datos=request.GET)


def _parametros_sin(request, *claves) -> str:
    parametros = request.GET.copy()
    for clave in claves:
        parametros.pop(clave, None)
    return parametros.urlencode()


@requiere_rol(*ROLES_CON_CAPTURAS)
def lista(request):
    filtro, consulta = _filtro_y_consulta(request)
    pagina = Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))

    contexto = {
        "filtro": filtro,
        "pagina": pagina,
        "parametros": _parametros_sin(request, "pagina"),
        "puede_exportar": request.user.rol in GESTORES,
    }
    return render(request, "entregas/lista.html", contexto)


@requiere_rol(*GESTORES)
@require_GET
def exportar(request):
    formato = request.GET.get("formato", "xlsx")
    if formato not in FORMATOS:
        formato = "xlsx"

    filtro, consulta = _filtro_y_consulta(request)
    if filtro.errors:
        # Un filtro con error no se aplica: exportar sin él daría más filas de las pedidas.
        messages.error(request, _("Corrija los filtros marcados antes de exportar."))
        return redirect(f"{reverse('entregas:lista')}?{_parametros_sin(request, 'formato')}")

    return respuesta_exportacion_capturas(
        consulta,
        formato=formato,
        usuario=request.user,
        filtros=request.GET.dict(),
        request=request,
    )


def _captura_o_404(request, pk) -> Entrega:
    """Busca la entrega entre las visibles. La de otro distrito o de otro operador responde 404."""
    return get_object_or_404(capturas_visibles(usuario=request.user), pk=pk)


@requiere_rol(*ROLES_CON_CAPTURAS)
def detalle(request, pk):
    entrega = _captura_o_404(request, pk)
    distancia = distancia_a_la_capital_km(entrega)

    contexto = {
        "entrega": entrega,
        "historial": historial_de(entrega),
        "distancia_capital_km": distancia,
        "lejana": esta_lejos(distancia),
        "distancia_maxima_km": DISTANCIA_MAXIMA_KM,
        "foto_persona": evidencia_de(entrega, "persona"),
        "puede_anular": request.user.rol in GESTORES and entrega.estado in ESTADOS_ANULABLES,
        "puede_observar": request.user.rol in GESTORES and entrega.estado in ESTADOS_OBSERVABLES,
        "mapa_tiles": getattr(settings, "CANASTAS_MAPA_TILES", ""),
        "mapa_atribucion": getattr(settings, "CANASTAS_MAPA_ATRIBUCION", ""),
    }
    return render(request, "entregas/detalle.html", contexto)


@requiere_rol(*ROLES_CON_CAPTURAS)
@require_GET
def foto(request, pk, cual):
    entrega = _captura_o_404(request, pk)
    archivo = evidencia_de(entrega, cual)
    if archivo is None:
        raise Http404(_("La entrega no tiene esa foto."))

    nombre = f"entrega-{entrega.pk}-{cual}"
    if request.GET.get("miniatura"):
        # NOTE: la miniatura de la lista (160 px) no se audita, la foto completa sí.
        return respuesta_miniatura(archivo, nombre_descarga=f"{nombre}-miniatura.jpg", entrega_id=entrega.pk)

    respuesta = respuesta_foto(archivo, nombre_base=nombre)
    registrar_accion(
        usuario=request.user,
        accion=RegistroAccion.Accion.DESCARGAR,
        objeto=entrega,
        detalle=str(archivo.field.verbose_name),
        request=request,
    )
    return respuesta


def _confirmar_cambio_de_estado(request, pk, *, servicio, titulo: str, boton: str, exito: str):
    entrega = _captura_o_404(request, pk)
    formulario = MotivoForm(request.POST if request.method == "POST" else None)

    if request.method == "POST" and formulario.is_valid():
        try:
            servicio(entrega=entrega, motivo=formulario.cleaned_data["motivo"], usuario=request.user, request=request)
        except ValidationError as error:
            formulario.add_error(None, error)
        else:
            messages.success(request, exito)
            return redirect("entregas:detalle", pk=entrega.pk)

    contexto = {"entrega": entrega, "formulario": formulario, "titulo": titulo, "boton": boton}
    return render(request, "entregas/cambiar_estado.html", contexto)


@requiere_rol(*GESTORES)
@require_http_methods(["GET", "POST"])
def anular(request, pk):
    return _confirmar_cambio_de_estado(
        request, pk,
        servicio=entrega_anular,
        titulo=_("Anular entrega"),
        boton=_("Anular la entrega"),
        exito=_("La entrega quedó anulada. El hogar puede recibir de nuevo este tipo de registro."),
    )


@requiere_rol(*GESTORES)
@require_http_methods(["GET", "POST"])
def observar(request, pk):
    return _confirmar_cambio_de_estado(
        request, pk,
        servicio=entrega_observar,
        titulo=_("Observar entrega"),
        boton=_("Marcar como observada"),
        exito=_("La entrega quedó observada."),
    )


def _capital_del_mapa(request, filtro) -> Distrito | None:
    """Elige el distrito cuya capital se marca: el del usuario o, para el administrador, el filtrado."""
    if request.user.distrito_id:
        return request.user.distrito
    codigo = filtro.cleaned_data.get("distrito")
    return Distrito.objects.filter(pk=codigo).first() if codigo else None


@requiere_rol(*ROLES_CON_CAPTURAS)
@require_GET
def mapa(request):
    filtro, consulta = _filtro_y_consulta(request)
    puntos = puntos_del_mapa(consulta)
    capital = _capital_del_mapa(request, filtro)

    contexto = {
        "filtro": filtro,
        "puntos": puntos,
        "capital": capital,
        "parametros": request.GET.urlencode(),
        "distancia_maxima_km": DISTANCIA_MAXIMA_KM,
        "mapa_tiles": getattr(settings, "CANASTAS_MAPA_TILES", ""),
        "mapa_atribucion": getattr(settings, "CANASTAS_MAPA_ATRIBUCION", ""),
    }
    return render(request, "entregas/mapa.html", contexto)


@requiere_rol(*ROLES_CON_CAPTURAS)
@require_GET
def mapa_datos(request):
    """Devuelve las capturas filtradas en GeoJSON (RFC 7946), con `truncado` y `sin_gps` como miembros extra."""
    _, consulta = _filtro_y_consulta(request)
    puntos = puntos_del_mapa(consulta)

    caracteristicas = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [punto.longitud, punto.latitud]},
            "properties": {
                "id": punto.pk,
                "url": reverse("entregas:detalle", args=[punto.pk]),
                "fecha": timezone.localtime(punto.fecha_entrega).strftime("%d/%m/%Y %H:%M"),
                "estado": Entrega.Estado(punto.estado).label,
                "tipo_registro": punto.tipo_registro,
                "lejana": punto.lejano,
                "distancia_km": None if punto.distancia_capital_km is None else round(punto.distancia_capital_km, 1),
            },
        }
        for punto in puntos.puntos
    ]
    datos = {
        "type": "FeatureCollection",
        "features": caracteristicas,
        "truncado": puntos.truncado,
        "sin_gps": puntos.sin_gps,
    }
    respuesta = JsonResponse(datos)
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta


@requiere_rol(Rol.INVITADO)
@requiere_distrito
def consulta_invitado(request):
    """Entregas del distrito del invitado: documento enmascarado, sin nombres, fotos ni detalle."""
    consulta = (
        Entrega.objects.select_related("tipo_registro")
        .only("fecha_entrega", "tipo_documento", "numero_documento", "estado", "origen", "tipo_registro__nombre")
        .order_by("-fecha_entrega", "-id")
    )
    pagina = Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "entregas/consulta_invitado.html", {"pagina": pagina, "parametros": ""})
