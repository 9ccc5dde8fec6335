"""Vista consolidada de un distrito: pestañas Potenciales, Beneficiarios y Reporte General, y sus exportaciones.

El subadministrador y el invitado de un distrito ven solo el suyo: el parámetro
`?distrito=` se ignora para ellos. El administrador elige el distrito con ese
parámetro. El invitado ve los documentos enmascarados, ningún nombre de persona
ni foto, y no tiene búsqueda libre.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from beneficiarios.models import Beneficiario
from canastas.models import Distrito
from canastas.permisos import LECTORES_REPORTES, requiere_distrito, requiere_rol
from entregas.models import Entrega
from reportes import exportacion_consolidado as exportacion
from reportes.formularios_consolidado import ElegirDistritoForm, FiltroEntregasForm, FiltroPotencialesForm
from reportes.selectores_consolidado import (
    hogares_atendidos,
    potenciales_del_distrito,
    reporte_general_del_distrito,
)

POR_PAGINA = 50

PESTANAS = {
    "potenciales": gettext_lazy("Potenciales"),
    "beneficiarios": gettext_lazy("Beneficiarios"),
    "general": gettext_lazy("Reporte General"),
}
PESTANA_INICIAL = "potenciales"


def _pestana_pedida(request) -> str:
    pestana = request.GET.get("pestana", PESTANA_INICIAL)
    return pestana if pestana in PESTANAS else PESTANA_INICIAL


def _distrito_de(request) -> tuple[ElegirDistritoForm | None, Distrito | None]:
    """Devuelve el formulario de elección (solo para el administrador) y el distrito que se muestra.

    Para los demás roles el distrito es siempre el de su cuenta, así nada de otro distrito se muestra.
    """
    usuario = request.user
    if not usuario.es_administrador:
        return None, usuario.distrito

    if "distrito" not in request.GET:
        return ElegirDistritoForm(), None
    eleccion = ElegirDistritoForm(request.GET)
    if not eleccion.is_valid():
        return eleccion, None
    return eleccion, eleccion.cleaned_data["distrito"]


def _parametros_sin(request, *claves) -> str:
    parametros = request.GET.copy()
    for clave in claves:
        parametros.pop(clave, None)
    return parametros.urlencode()


def _contexto_potenciales(request, distrito: Distrito) -> dict:
    filtro = FiltroPotencialesForm(request.GET, con_busqueda=not request.user.es_invitado)
    consulta = potenciales_del_distrito(distrito=distrito.codigo, **filtro.filtros())
    return {"filtro": filtro, "pagina": Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))}


def _contexto_beneficiarios(request, distrito: Distrito) -> dict:
    filtro = FiltroEntregasForm(request.GET, distrito=distrito.codigo)
    consulta = hogares_atendidos(distrito=distrito.codigo, **filtro.filtros())
    return {"filtro": filtro, "pagina": Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))}


def _contexto_general(request, distrito: Distrito) -> dict:
    filtro = FiltroEntregasForm(request.GET, distrito=distrito.codigo)
    reporte = reporte_general_del_distrito(distrito=distrito.codigo, filtros=filtro.filtros_de_cifras())
    return {"filtro": filtro, "reporte": reporte}


CONTEXTO_DE_PESTANA = {
    "potenciales": _contexto_potenciales,
    "beneficiarios": _contexto_beneficiarios,
    "general": _contexto_general,
}


@requiere_rol(*LECTORES_REPORTES)
@requiere_distrito
@require_GET
def consolidado(request):
    eleccion, distrito = _distrito_de(request)
    if distrito is None:
        return render(request, "reportes/consolidado/elegir_distrito.html", {"eleccion": eleccion})

    pestana = _pestana_pedida(request)
    contexto = {
        "distrito": distrito,
        "eleccion": eleccion,
        "pestana": pestana,
        "pestanas": _enlaces_de_pestanas(request, distrito, pestana),
        "enmascarar": request.user.es_invitado,
        "parametros": _parametros_sin(request, "pagina"),
        "parametros_exportar": _parametros_sin(request, "pagina", "formato"),
        **CONTEXTO_DE_PESTANA[pestana](request, distrito),
    }
    return render(request, "reportes/consolidado/pagina.html", contexto)


def _enlaces_de_pestanas(request, distrito: Distrito, actual: str) -> list[dict]:
    """Arma los enlaces de las pestañas. Llevan el distrito del administrador, no los filtros de otra pestaña."""
    base = f"distrito={distrito.codigo}&" if request.user.es_administrador else ""
    return [
        {"clave": clave, "texto": texto, "url": f"?{base}pestana={clave}", "actual": clave == actual}
        for clave, texto in PESTANAS.items()
    ]


@requiere_rol(*LECTORES_REPORTES)
@requiere_distrito
@require_GET
def exportar(request):
    eleccion, distrito = _distrito_de(request)
    if distrito is None:
        messages.error(request, _("Elija un distrito antes de exportar."))
        return redirect("reportes:consolidado")

    formato = request.GET.get("formato", "xlsx")
    if formato not in exportacion.FORMATOS:
        formato = "xlsx"
    pestana = _pestana_pedida(request)
    enmascarar = request.user.es_invitado

    if pestana == "potenciales":
        filtro = FiltroPotencialesForm(request.GET, con_busqueda=not enmascarar)
        if not filtro.is_valid():
            messages.error(request, _("Corrija los filtros marcados antes de exportar."))
            return redirect(f"{reverse('reportes:consolidado')}?{_parametros_sin(request, 'formato')}")
        consulta = potenciales_del_distrito(distrito=distrito.codigo, **filtro.filtros())
        encabezados = exportacion.encabezados_potenciales(enmascarar)
        filas = exportacion.filas_potenciales(consulta, enmascarar)
        modelo = Beneficiario._meta.label
    else:
        filtro = FiltroEntregasForm(request.GET, distrito=distrito.codigo)
        if not filtro.is_valid():
            # Un filtro con error no se aplica: exportar sin él daría más filas de las pedidas.
            messages.error(request, _("Corrija los filtros marcados antes de exportar."))
            return redirect(f"{reverse('reportes:consolidado')}?{_parametros_sin(request, 'formato')}")
        encabezados, filas, modelo = _exportacion_de_entregas(pestana, filtro, distrito, enmascarar)

    return exportacion.respuesta_exportacion(
        nombre=pestana,
        encabezados=encabezados,
        filas=filas,
        formato=formato,
        auditoria={
            "modelo": modelo,
            "distrito_id": distrito.codigo,
            "despues": {"vista": "consolidado", "pestana": pestana, "filtros": request.GET.dict()},
        },
        usuario=request.user,
        request=request,
    )


def _exportacion_de_entregas(pestana: str, filtro: FiltroEntregasForm, distrito: Distrito, enmascarar: bool):
    if pestana == "beneficiarios":
        consulta = hogares_atendidos(distrito=distrito.codigo, **filtro.filtros())
        filas = exportacion.filas_beneficiarios(consulta, enmascarar)
        return exportacion.encabezados_beneficiarios(enmascarar), filas, Entrega._meta.label

    reporte = reporte_general_del_distrito(distrito=distrito.codigo, filtros=filtro.filtros_de_cifras())
    filas = exportacion.filas_general(reporte, distrito.nombre)
    return exportacion.ENCABEZADOS_GENERAL, filas, "reportes.Reporte"
