"""Reportes por nivel: Nacional → Departamento → Provincia → Distrito, y el Reporte General.

Solo muestran cifras agregadas, así que el invitado los lee todos sin ver datos de personas.
"""

from functools import lru_cache
from typing import NamedTuple

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from canastas.models import Departamento, Distrito, Provincia
from canastas.permisos import LECTORES_REPORTES, requiere_rol
from entregas.exportacion import FORMATOS
from entregas.models import TipoRegistro
from reportes import graficos, tablas
from reportes.cifras import (
    cifras_de, cifras_por_area, cifras_por_tipo, distritos_sin_entregas, semana_de_corte, serie_diaria,
)
from reportes.exportacion import respuesta_reporte
from reportes.formularios import FiltroGeneralForm, FiltroReporteForm
from usuarios.models import Rol

POR_PAGINA = 50


class AreaDistrito(NamedTuple):
    codigo: str
    nombre: str
    provincia: str
    departamento: str

    @property
    def ubicacion(self) -> str:
        return f"{self.departamento} / {self.provincia}"


@lru_cache(maxsize=1)
def catalogo_distritos() -> tuple[AreaDistrito, ...]:
    """Los 1 893 distritos con su ubicación, leídos una vez por proceso.

    NOTE: si `cargar_ubigeos` cambia un nombre, los procesos ya iniciados lo ven tras reiniciarse.
    """
    filas = Distrito.objects.order_by("codigo").values_list(
        "codigo", "nombre", "provincia__nombre", "provincia__departamento__nombre"
    )
    return tuple(AreaDistrito(*fila) for fila in filas)


def _parametros(request, *quitar: str) -> str:
    """La consulta actual sin los parámetros dados, para armar enlaces que conserven los filtros."""
    consulta = request.GET.copy()
    for nombre in quitar:
        consulta.pop(nombre, None)
    return consulta.urlencode()


def _tabla_de_nivel(request, *, nivel: str, prefijo: str, areas, url_hijo: str, titulo_area: str, nombre: str):
    """Lo común a Nacional, Departamento y Provincia: una fila por área del nivel de abajo."""
    filtro = FiltroReporteForm(request.GET, usuario=request.user)
    filtros = filtro.filtros()
    cifras = cifras_por_area(nivel=nivel, prefijo=prefijo, filtros=filtros)
    filas = tablas.filas_de(areas, cifras, enlace=tablas.enlace_de(url_hijo))
    total = tablas.total_de(filas)
    filas, orden = tablas.ordenar(filas, request.GET.get("orden", ""))

    formato = request.GET.get("formato")
    if formato in FORMATOS and filtro.is_valid():
        return respuesta_reporte(
            nombre=nombre, encabezados=tablas.encabezados_exportacion(titulo_area),
            filas=list(tablas.filas_exportacion(filas, total)), formato=formato, usuario=request.user,
            filtros=request.GET.dict(), request=request,
        )
    return {
        "filtro": filtro,
        "filas": filas,
        "total": total,
        "titulo_area": titulo_area,
        "encabezados": tablas.encabezados_ordenables(orden, _parametros(request, "orden", "formato"), titulo_area),
        "parametros": _parametros(request, "formato"),
        "grafico": graficos.barras_de_avance(filas),
    }


def _responder(request, contexto_o_respuesta, contexto: dict):
    if not isinstance(contexto_o_respuesta, dict):
        return contexto_o_respuesta
    return render(request, "reportes/nivel.html", {**contexto_o_respuesta, **contexto})


@requiere_rol(*LECTORES_REPORTES)
def nacional(request):
    resultado = _tabla_de_nivel(
        request, nivel="departamento", prefijo="", areas=Departamento.objects.order_by("codigo"),
        url_hijo="reportes:departamento", titulo_area=_("Departamento"), nombre="nacional",
    )
    return _responder(request, resultado, {"titulo": _("Nacional"), "migas": []})


@requiere_rol(*LECTORES_REPORTES)
def departamento(request, codigo):
    area = get_object_or_404(Departamento, codigo=codigo)
    resultado = _tabla_de_nivel(
        request, nivel="provincia", prefijo=area.codigo, areas=area.provincias.order_by("codigo"),
        url_hijo="reportes:provincia", titulo_area=_("Provincia"), nombre=f"departamento_{area.codigo}",
    )
    return _responder(request, resultado, {"titulo": _("Departamento de %s") % area.nombre, "migas": []})


@requiere_rol(*LECTORES_REPORTES)
def provincia(request, codigo):
    area = get_object_or_404(Provincia.objects.select_related("departamento"), codigo=codigo)
    resultado = _tabla_de_nivel(
        request, nivel="distrito", prefijo=area.codigo, areas=area.distritos.order_by("codigo"),
        url_hijo="reportes:distrito", titulo_area=_("Distrito"), nombre=f"provincia_{area.codigo}",
    )
    migas = [("reportes:departamento", area.departamento)]
    return _responder(request, resultado, {"titulo": _("Provincia de %s") % area.nombre, "migas": migas})


@requiere_rol(*LECTORES_REPORTES)
def distrito(request, codigo):
    area = get_object_or_404(Distrito.objects.select_related("provincia__departamento"), codigo=codigo)
    filtro = FiltroReporteForm(request.GET, usuario=request.user)
    filtros = filtro.filtros()
    cifras = cifras_de(codigo=area.codigo, filtros=filtros)
    por_tipo = _filas_por_tipo(cifras_por_tipo(codigo=area.codigo, filtros=filtros))
    serie = serie_diaria(codigo=area.codigo, filtros=filtros)

    formato = request.GET.get("formato")
    if formato in FORMATOS and filtro.is_valid():
        return _exportar_distrito(request, area, formato, por_tipo, serie)

    contexto = {
        "distrito": area,
        "puede_generar": _puede_generar_archivos(request.user, area),
        "puede_consolidar": _puede_consolidar(request.user, area),
        "filtro": filtro,
        "cifras": cifras,
        "por_tipo": por_tipo,
        "columnas": tablas.COLUMNAS_CIFRAS[2:],  # sin potenciales: el padrón no es de un tipo
        "serie": serie,
        "linea": graficos.linea_diaria(serie),
        "parametros": _parametros(request, "formato", "tabla"),
        "migas": [
            ("reportes:departamento", area.provincia.departamento),
            ("reportes:provincia", area.provincia),
        ],
    }
    return render(request, "reportes/distrito.html", contexto)


def _puede_generar_archivos(usuario, area) -> bool:
    """Los archivos para entes de control los pide el administrador o el subadministrador del distrito."""
    return usuario.rol == Rol.ADMINISTRADOR or (usuario.rol == Rol.SUBADMINISTRADOR and usuario.distrito_id == area.codigo)


def _puede_consolidar(usuario, area) -> bool:
    """La vista consolidada es del administrador y de los usuarios de gabinete del propio distrito."""
    return usuario.rol == Rol.ADMINISTRADOR or usuario.distrito_id == area.codigo


def _filas_por_tipo(por_tipo: dict) -> list[tablas.Fila]:
    tipos = TipoRegistro.objects.in_bulk(list(por_tipo))
    return [
        tablas.Fila(codigo=tipos[pk].codigo, nombre=tipos[pk].nombre, cifras=cifras)
        for pk, cifras in por_tipo.items()
    ]


def _exportar_distrito(request, area, formato, por_tipo, serie):
    if request.GET.get("tabla") == "diario":
        encabezados = [_("Fecha"), _("Entregas")]
        filas = [[fecha, cantidad] for fecha, cantidad in serie]
        nombre = f"distrito_{area.codigo}_diario"
    else:
        encabezados = tablas.encabezados_exportacion(_("Tipo de registro"))
        filas = list(tablas.filas_exportacion(por_tipo))
        nombre = f"distrito_{area.codigo}_tipos"
    return respuesta_reporte(
        nombre=nombre, encabezados=encabezados, filas=filas, formato=formato, usuario=request.user,
        filtros=request.GET.dict(), request=request,
    )


@requiere_rol(*LECTORES_REPORTES)
def general(request):
    filtro = FiltroGeneralForm(request.GET or None, usuario=request.user)
    filtros, prefijo = filtro.filtros(), filtro.prefijo()
    formato = request.GET.get("formato")
    exportar = formato in FORMATOS and filtro.is_valid()
    if exportar and request.GET.get("lista") == "sin_entregas":
        return _exportar_sin_entregas(request, formato, prefijo, filtros)

    cifras = cifras_por_area(nivel="distrito", prefijo=prefijo, filtros=filtros)
    filas = tablas.filas_de(
        [area for area in catalogo_distritos() if area.codigo.startswith(prefijo)], cifras,
        enlace=tablas.enlace_de("reportes:distrito"), contexto=lambda area: area.ubicacion,
    )
    filas = _filtrar_general(filas, filtro)
    total = tablas.total_de(filas)
    filas, orden = tablas.ordenar(filas, request.GET.get("orden", ""))
    if exportar:
        return respuesta_reporte(
            nombre="general", encabezados=tablas.encabezados_exportacion(_("Distrito"), con_contexto=True),
            filas=list(tablas.filas_exportacion(filas, total, con_contexto=True)), formato=formato,
            usuario=request.user, filtros=request.GET.dict(), request=request,
        )

    contexto = {
        "filtro": filtro,
        "pagina": Paginator(filas, POR_PAGINA).get_page(request.GET.get("pagina")),
        "total": total,
        "cantidad": len(filas),
        "encabezados": tablas.encabezados_ordenables(orden, _parametros(request, "orden", "formato", "pagina"),
                                                     _("Distrito")),
        "parametros": _parametros(request, "formato", "pagina"),
        **_semana_sin_entregas(prefijo, filtros),
    }
    return render(request, "reportes/general.html", contexto)


def _filtrar_general(filas, filtro) -> list:
    if filtro.solo_con_datos():
        filas = [f for f in filas if f.cifras.hogares or f.cifras.programados or f.cifras.entregas]
    datos = filtro.cleaned_data if filtro.is_bound and filtro.is_valid() else {}
    minimo, maximo = datos.get("avance_min"), datos.get("avance_max")
    if minimo is not None:
        filas = [f for f in filas if f.cifras.avance is not None and f.cifras.avance >= minimo]
    if maximo is not None:
        filas = [f for f in filas if f.cifras.avance is not None and f.cifras.avance <= maximo]
    return filas


LIMITE_SIN_ENTREGAS = 200


def _sin_entregas(prefijo: str, filtros) -> tuple:
    """(sábado, viernes de corte, distritos) de la semana en curso sin entregas, con padrón o programados."""
    desde, corte = semana_de_corte(timezone.localdate())
    codigos = set(distritos_sin_entregas(desde=desde, hasta=corte, prefijo=prefijo, tipo_registro=filtros.tipo_registro))
    return desde, corte, [area for area in catalogo_distritos() if area.codigo in codigos]


def _semana_sin_entregas(prefijo: str, filtros) -> dict:
    desde, corte, areas = _sin_entregas(prefijo, filtros)
    enlace = tablas.enlace_de("reportes:distrito")
    mostrados = [
        {"nombre": area.nombre, "ubicacion": area.ubicacion, "enlace": enlace.replace(tablas.CODIGO, area.codigo)}
        for area in areas[:LIMITE_SIN_ENTREGAS]
    ]
    return {"semana_desde": desde, "semana_corte": corte, "sin_entregas": mostrados, "cantidad_sin_entregas": len(areas)}


def _exportar_sin_entregas(request, formato, prefijo, filtros):
    _desde, corte, areas = _sin_entregas(prefijo, filtros)
    return respuesta_reporte(
        nombre=f"sin_entregas_{corte:%Y%m%d}",
        encabezados=[_("Ubigeo"), _("Distrito"), _("Provincia"), _("Departamento")],
        filas=[[area.codigo, area.nombre, area.provincia, area.departamento] for area in areas],
        formato=formato, usuario=request.user, filtros=request.GET.dict(), request=request,
    )
