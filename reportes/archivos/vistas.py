"""Vistas de los archivos para entes de control: pedir, listar, ver el manifiesto y descargar.

Solo el administrador (todo el país) y el subadministrador (su distrito) entran. El
alcance por distrito del middleware deja fuera los archivos de otros distritos y los
de un departamento entero: para el subadministrador no existen (404).

Las exportaciones grandes de entregas y del padrón usan las mismas páginas. Hoy solo
esos dos roles exportan, así que los permisos no cambian. Una exportación solo la ve
quien la pidió: la de otro usuario responde 404.
"""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from canastas.permisos import GESTORES, requiere_rol
from reportes.archivos import exportaciones, selectores, servicios
from reportes.archivos.formularios import ContraloriaForm, FiltroArchivosForm, IndeciForm, fecha_de_texto
from reportes.models import ArchivoGenerado

logger = logging.getLogger(__name__)

POR_PAGINA = 20
# Campos de un pedido que se pueden precargar por GET para volver a pedir el mismo archivo.
CAMPOS_PRECARGABLES = ("distrito", "departamento", "ambito", "periodo", "tipo_registro")
_EN_PROCESO = {ArchivoGenerado.Estado.PENDIENTE, ArchivoGenerado.Estado.GENERANDO}


@requiere_rol(*GESTORES)
def contraloria(request):
    _rechazar_otro_distrito(request)
    if request.method == "POST":
        formulario = ContraloriaForm(request.POST, usuario=request.user)
    else:
        formulario = ContraloriaForm(usuario=request.user, initial=_precarga(request))

    if request.method == "POST" and formulario.is_valid():
        datos = formulario.cleaned_data
        distrito = formulario.distrito_elegido()
        archivo = servicios.archivo_contraloria_solicitar(
            usuario=request.user, distrito=distrito, fecha_corte=datos["fecha_corte"], periodo=datos["periodo"],
            tipo_registro=datos.get("tipo_registro"), request=request,
        )
        aviso = _aviso_sin_entregas(distrito, datos)
        if aviso:
            messages.warning(request, aviso)
        return redirect("reportes:archivo", pk=archivo.pk)

    return render(request, "reportes/archivos/contraloria.html", {"formulario": formulario})


@requiere_rol(*GESTORES)
def indeci(request):
    _rechazar_otro_distrito(request)
    if request.method == "POST":
        formulario = IndeciForm(request.POST, usuario=request.user)
    else:
        formulario = IndeciForm(usuario=request.user, initial=_precarga(request))

    if request.method == "POST" and formulario.is_valid():
        datos = formulario.cleaned_data
        archivo = servicios.archivo_indeci_solicitar(
            usuario=request.user,
            fecha_corte=datos["fecha_corte"],
            distrito=formulario.distrito_elegido() if not datos.get("departamento") else None,
            departamento=datos.get("departamento"),
            tipo_registro=datos.get("tipo_registro"),
            request=request,
        )
        return redirect("reportes:archivo", pk=archivo.pk)

    return render(request, "reportes/archivos/indeci.html", {"formulario": formulario})


def _rechazar_otro_distrito(request) -> None:
    """Un subadministrador que manda otro distrito o un departamento recibe 403 y no se crea nada."""
    if request.method != "POST" or request.user.es_administrador:
        return
    distrito = request.POST.get("distrito", "").strip()
    if distrito and distrito != request.user.distrito_id:
        raise PermissionDenied("Solo puede pedir archivos de su propio distrito.")
    if request.POST.get("departamento", "").strip() or request.POST.get("ambito") == "departamento":
        raise PermissionDenied("Solo el administrador pide el archivo de un departamento entero.")


def _precarga(request) -> dict:
    inicial = {campo: request.GET[campo] for campo in CAMPOS_PRECARGABLES if request.GET.get(campo)}
    fecha = fecha_de_texto(request.GET.get("fecha_corte"))
    if fecha is not None:
        inicial["fecha_corte"] = fecha
    return inicial


def _aviso_sin_entregas(distrito, datos: dict) -> str:
    """Mensaje cuando la hoja BENEFICIARIOS saldrá vacía; cadena vacía si tiene filas."""
    tipo = datos.get("tipo_registro")
    tipo_id = tipo.pk if tipo else None
    rango = selectores.rango_del_corte(datos["fecha_corte"], datos["periodo"])
    if selectores.entregas_vigentes(distritos=[distrito.codigo], rango=rango, tipo_registro_id=tipo_id).exists():
        return ""

    corte = f"{datos['fecha_corte']:%d/%m/%Y}"
    primera = selectores.primera_entrega(distrito.codigo, tipo_id)
    if primera is None:
        motivo = f"{distrito.nombre} aún no registra entregas"
    elif primera > datos["fecha_corte"]:
        motivo = f"la primera entrega de {distrito.nombre} es del {primera:%d/%m/%Y}, después del corte del {corte}"
    else:
        motivo = f"{distrito.nombre} no tiene entregas en la semana que termina el {corte}"
    return f"El archivo saldrá vacío: {motivo}. La hoja BENEFICIARIOS tendrá solo los encabezados."


@requiere_rol(*GESTORES)
def lista(request):
    filtro = FiltroArchivosForm(request.GET or None, usuario=request.user)
    datos = filtro.cleaned_data if filtro.is_valid() else {}
    archivos = exportaciones.visibles_para(selectores.archivos_filtrados(datos), request.user)
    pagina = Paginator(archivos, POR_PAGINA).get_page(request.GET.get("pagina"))
    parametros = urlencode({campo: valor for campo, valor in request.GET.items() if campo != "pagina" and valor})
    return render(
        request,
        "reportes/archivos/lista.html",
        {"filtro": filtro, "pagina": pagina, "parametros": parametros},
    )


def _archivo_o_404(request, pk) -> ArchivoGenerado:
    """Busca el archivo en el alcance del usuario, sin las exportaciones de otros usuarios."""
    visibles = exportaciones.visibles_para(ArchivoGenerado.objects.all(), request.user)
    return get_object_or_404(visibles.select_related("distrito", "departamento", "creado_por"), pk=pk)


@requiere_rol(*GESTORES)
def detalle(request, pk):
    archivo = _archivo_o_404(request, pk)
    mismo_contenido = []
    if archivo.sha256:
        iguales = ArchivoGenerado.objects.filter(sha256=archivo.sha256).exclude(pk=archivo.pk)
        mismo_contenido = exportaciones.visibles_para(iguales, request.user).order_by("-creado")[:5]
    contexto = {
        "archivo": archivo,
        "en_proceso": archivo.estado in _EN_PROCESO,
        "ambito": servicios.ambito_del_archivo(archivo),
        "periodo": servicios.texto_periodo(archivo),
        "manifiesto": servicios.manifiesto(archivo),
        "mismo_contenido": mismo_contenido,
        "volver_a_pedir": _url_para_volver_a_pedir(archivo),
        "es_exportacion": archivo.tipo in exportaciones.TIPOS_EXPORTACION,
    }
    return render(request, "reportes/archivos/detalle.html", contexto)


def _url_para_volver_a_pedir(archivo: ArchivoGenerado) -> str:
    if archivo.tipo in exportaciones.TIPOS_EXPORTACION:
        return _url_de_la_lista_exportada(archivo)

    parametros = archivo.parametros
    consulta = {
        "fecha_corte": archivo.fecha_corte.isoformat(),
        "distrito": archivo.distrito_id or "",
        "departamento": archivo.departamento_id or "",
        "ambito": parametros.get("ambito", ""),
        "periodo": parametros.get("periodo", "") if archivo.tipo == ArchivoGenerado.Tipo.CONTRALORIA else "",
        "tipo_registro": parametros.get("tipo_registro") or "",
    }
    nombre_url = "reportes:contraloria" if archivo.tipo == ArchivoGenerado.Tipo.CONTRALORIA else "reportes:indeci"
    return f"{reverse(nombre_url)}?{urlencode({campo: valor for campo, valor in consulta.items() if valor})}"


def _url_de_la_lista_exportada(archivo: ArchivoGenerado) -> str:
    """La lista de entregas o del padrón con los filtros de la exportación, sin el formato."""
    consulta = QueryDict(archivo.parametros.get("consulta", ""), mutable=True)
    consulta.pop("formato", None)
    nombre_url = "entregas:lista" if archivo.tipo == ArchivoGenerado.Tipo.ENTREGAS else "beneficiarios:lista"
    return f"{reverse(nombre_url)}?{consulta.urlencode()}"


@requiere_rol(*GESTORES)
def estado(request, pk):
    """Estado y avance en JSON, para la barra de progreso del detalle."""
    archivo = _archivo_o_404(request, pk)
    return JsonResponse(
        {
            "estado": archivo.estado,
            "estado_texto": archivo.get_estado_display(),
            "porcentaje": archivo.progreso,
            "en_proceso": archivo.estado in _EN_PROCESO,
        }
    )


@requiere_rol(*GESTORES)
def descargar(request, pk):
    archivo = _archivo_o_404(request, pk)
    if archivo.estado != ArchivoGenerado.Estado.LISTO or not archivo.archivo:
        raise Http404("El archivo todavía no está listo o falló al generarse.")
    try:
        flujo = archivo.archivo.storage.open(archivo.archivo.name, "rb")
    except FileNotFoundError as error:
        logger.error("Falta en el almacenamiento el archivo generado %s (%s).", archivo.pk, archivo.archivo.name)
        raise Http404("El archivo no está en el almacenamiento. Pídalo de nuevo.") from error

    servicios.descarga_registrar(archivo=archivo, usuario=request.user, request=request)
    respuesta = FileResponse(
        flujo, as_attachment=True, filename=servicios.nombre_de_descarga(archivo), content_type=servicios.TIPO_XLSX
    )
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta

