"""Beneficiarios programados: lista con avance, programar (filtros, selección, archivo) y quitar."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from beneficiarios import programados
from beneficiarios.formularios_programados import (
    DatosProgramacionForm,
    FiltroHogaresForm,
    FiltroProgramadosForm,
    SubirProgramadosForm,
)
from canastas.hojas.lector import ArchivoRechazado
from canastas.permisos import GESTORES, requiere_rol
from entregas.models import Programacion

POR_PAGINA = 50


def _parametros_sin_pagina(request) -> str:
    parametros = request.GET.copy()
    parametros.pop("pagina", None)
    return parametros.urlencode()


def _mensaje_resultado(resultado: programados.ResultadoProgramacion, tipo_registro) -> str:
    mensaje = f"Se programaron {resultado.nuevos} hogares para «{tipo_registro}»."
    if resultado.ya_programados:
        mensaje += f" {resultado.ya_programados} ya estaban programados para ese tipo y no se duplicaron."
    return mensaje


@requiere_rol(*GESTORES)
def lista(request):
    filtro = FiltroProgramadosForm(request.GET or None, usuario=request.user)
    consulta = programados.programaciones_visibles(**filtro.filtros())
    pagina = Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))

    contexto = {
        "filtro": filtro,
        "pagina": pagina,
        "parametros": _parametros_sin_pagina(request),
        "avance": programados.avance_por_tipo(),
    }
    return render(request, "beneficiarios/programados_lista.html", contexto)


def _ids_marcados(request) -> list[int]:
    return [int(valor) for valor in request.POST.getlist("beneficiarios") if valor.isdigit()]


@requiere_rol(*GESTORES)
@require_http_methods(["GET", "POST"])
def nuevo(request):
    # Los filtros viajan en la URL también al enviar el formulario (action="?…").
    filtro = FiltroHogaresForm(request.GET or None, usuario=request.user)
    filtros = filtro.filtros()
    formulario = DatosProgramacionForm(request.POST if request.method == "POST" else None, usuario=request.user)
    modo = request.POST.get("modo")

    if request.method == "POST" and modo == programados.MODO_FILTRO and filtro.is_bound and not filtro.is_valid():
        # Un filtro inválido se ignora al listar; aquí ampliaría el lote a todo el padrón.
        formulario.add_error(None, "Corrija los filtros antes de programar los hogares filtrados.")
    elif request.method == "POST" and formulario.is_valid():
        datos = formulario.datos()
        try:
            if modo == programados.MODO_FILTRO and "total_confirmado" not in request.POST:
                return _confirmar_filtro(request, filtro, formulario, datos, filtros)
            if modo == programados.MODO_FILTRO:
                resultado = programados.programacion_por_filtros(
                    usuario=request.user,
                    filtros=filtros,
                    esperados=_entero(request.POST.get("total_confirmado")),
                    request=request,
                    **datos,
                )
            else:
                resultado = programados.programacion_por_seleccion(
                    usuario=request.user, ids=_ids_marcados(request), request=request, **datos
                )
        except ValidationError as error:
            formulario.add_error(None, error)
        else:
            messages.success(request, _mensaje_resultado(resultado, datos["tipo_registro"]))
            return redirect("beneficiarios:programados")

    hogares = programados.hogares_programables(**filtros)
    contexto = {
        "filtro": filtro,
        "formulario": formulario,
        "pagina": Paginator(hogares, POR_PAGINA).get_page(request.GET.get("pagina")),
        "parametros": _parametros_sin_pagina(request),
        "marcados": set(_ids_marcados(request)),
    }
    return render(request, "beneficiarios/programados_nuevo.html", contexto)


def _entero(texto) -> int | None:
    return int(texto) if texto and texto.isdigit() else None


def _confirmar_filtro(request, filtro, formulario, datos, filtros):
    total = programados.contar_por_filtros(
        usuario=request.user, tipo_registro=datos["tipo_registro"], filtros=filtros
    )
    if total == 0:
        raise ValidationError("Ningún hogar filtrado se puede programar para este tipo. Cambie los filtros.")
    contexto = {
        "filtro": filtro,
        "formulario": formulario,
        "datos": datos,
        "total": total,
        "parametros": _parametros_sin_pagina(request),
    }
    return render(request, "beneficiarios/programados_confirmar.html", contexto)


@requiere_rol(*GESTORES)
@require_http_methods(["GET", "POST"])
def subir(request):
    datos_post = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    formulario = SubirProgramadosForm(*datos_post, usuario=request.user)
    rechazo = None

    if request.method == "POST" and formulario.is_valid():
        archivo = formulario.cleaned_data["archivo"]
        datos = formulario.datos()
        try:
            resultado, advertencias = programados.programacion_por_archivo(
                usuario=request.user, archivo=archivo, nombre_archivo=archivo.name, request=request, **datos
            )
        except ArchivoRechazado as error:
            formulario.add_error("archivo", error.mensaje)
        except programados.ProgramacionRechazada as error:
            rechazo = error
        except ValidationError as error:
            formulario.add_error(None, error)
        else:
            messages.success(request, _mensaje_resultado(resultado, datos["tipo_registro"]))
            for advertencia in advertencias[:20]:
                messages.warning(request, f"Fila {advertencia.fila}: {advertencia.mensaje}")
            if len(advertencias) > 20:
                messages.warning(request, f"… y {len(advertencias) - 20} advertencias más.")
            return redirect("beneficiarios:programados")

    return render(request, "beneficiarios/programados_subir.html", {"formulario": formulario, "rechazo": rechazo})


@requiere_rol(*GESTORES)
@require_http_methods(["GET", "POST"])
def quitar(request, pk):
    # El manager con alcance deja fuera las programaciones de otro distrito: responden 404.
    programacion = get_object_or_404(
        Programacion.objects.select_related("beneficiario", "tipo_registro", "distrito"), pk=pk
    )

    if request.method == "POST":
        try:
            programados.programacion_quitar(usuario=request.user, programacion=programacion, request=request)
        except ValidationError as error:
            for mensaje in error.messages:
                messages.error(request, mensaje)
        else:
            messages.success(
                request, f"Se quitó la programación de {programacion.beneficiario} para «{programacion.tipo_registro}»."
            )
        return redirect("beneficiarios:programados")

    contexto = {
        "programacion": programacion,
        "recibido": programados.hogar_recibio_tipo(programacion),
    }
    return render(request, "beneficiarios/programados_quitar.html", contexto)
