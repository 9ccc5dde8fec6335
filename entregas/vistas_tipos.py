"""Mantenimiento de tipos de registro: lista, ficha, alta, edición y activación.

Todo objeto se busca con `tipos_visibles`: un tipo de otro distrito responde 404.
Editar un tipo visible pero ajeno (un nacional, para el subadministrador) responde 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from canastas.auditoria import historial_de
from canastas.permisos import GESTORES, requiere_rol
from entregas.formularios_tipos import FiltroTiposForm, KitFormSet, TipoRegistroForm
from entregas.models import TipoRegistro
from entregas.servicios_tipos import (
    puede_crear_tipo,
    puede_editar_tipo,
    tipo_registro_actualizar,
    tipo_registro_cambiar_estado,
    tipo_registro_crear,
    tipos_visibles,
)

POR_PAGINA = 50


def _tipo_visible(request, pk) -> TipoRegistro:
    return get_object_or_404(tipos_visibles(usuario=request.user), pk=pk)


def _tipo_editable(request, pk) -> TipoRegistro:
    tipo = _tipo_visible(request, pk)
    if not puede_editar_tipo(request.user, tipo):
        raise PermissionDenied("Este tipo de registro es nacional y solo se puede consultar.")
    return tipo


@requiere_rol(*GESTORES)
def lista(request):
    filtro = FiltroTiposForm(request.GET or None)
    consulta = tipos_visibles(usuario=request.user, activo=filtro.activo(), ambito=filtro.ambito_elegido())
    consulta = consulta.prefetch_related("productos")
    pagina = Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))

    parametros = request.GET.copy()
    parametros.pop("pagina", None)
    contexto = {
        "filtro": filtro,
        "pagina": pagina,
        "parametros": parametros.urlencode(),
        "puede_crear": puede_crear_tipo(request.user),
    }
    return render(request, "entregas/tipos_lista.html", contexto)


@requiere_rol(*GESTORES)
def detalle(request, pk):
    tipo = _tipo_visible(request, pk)
    contexto = {
        "tipo": tipo,
        "productos": tipo.productos.all(),
        "puede_editar": puede_editar_tipo(request.user, tipo),
        "historial": historial_de(tipo),
    }
    return render(request, "entregas/tipos_detalle.html", contexto)


def _formularios(request, tipo: TipoRegistro):
    datos = (request.POST,) if request.method == "POST" else (None,)
    formulario = TipoRegistroForm(*datos, instance=tipo)
    kit = KitFormSet(*datos, instance=tipo, prefix="kit")
    return formulario, kit


def _guardar(request, formulario, kit, guardar) -> TipoRegistro | None:
    """Valida ambos formularios y llama al servicio; pasa sus errores al formulario."""
    if not (formulario.is_valid() and kit.is_valid()):
        return None
    datos = {campo: formulario.cleaned_data[campo] for campo in TipoRegistroForm.Meta.fields}
    try:
        return guardar(datos=datos, productos=kit.productos())
    except ValidationError as error:
        formulario.add_error(None, error)
        return None


@requiere_rol(*GESTORES)
@require_http_methods(["GET", "POST"])
def nuevo(request):
    if not puede_crear_tipo(request.user):
        raise PermissionDenied("Su cuenta no tiene distrito para crear tipos de registro.")
    # Instancia sin guardar: el formset de kit necesita una, el servicio fija el distrito.
    formulario, kit = _formularios(request, TipoRegistro())

    if request.method == "POST":
        tipo = _guardar(
            request,
            formulario,
            kit,
            lambda **datos: tipo_registro_crear(usuario=request.user, request=request, **datos),
        )
        if tipo is not None:
            messages.success(request, f"Se creó el tipo de registro «{tipo.nombre}».")
            return redirect("entregas:tipos_detalle", pk=tipo.pk)

    contexto = {"formulario": formulario, "kit": kit, "tipo": None, "es_nacional": request.user.es_administrador}
    return render(request, "entregas/tipos_formulario.html", contexto)


@requiere_rol(*GESTORES)
@require_http_methods(["GET", "POST"])
def editar(request, pk):
    tipo = _tipo_editable(request, pk)
    formulario, kit = _formularios(request, tipo)

    if request.method == "POST":
        guardado = _guardar(
            request,
            formulario,
            kit,
            lambda **datos: tipo_registro_actualizar(usuario=request.user, tipo=tipo, request=request, **datos),
        )
        if guardado is not None:
            messages.success(request, f"Se guardaron los cambios de «{guardado.nombre}».")
            return redirect("entregas:tipos_detalle", pk=guardado.pk)

    # La instancia pudo cambiar en memoria al validar: el título muestra lo guardado.
    original = TipoRegistro.objects.get(pk=tipo.pk)
    contexto = {"formulario": formulario, "kit": kit, "tipo": original, "es_nacional": original.es_nacional}
    return render(request, "entregas/tipos_formulario.html", contexto)


def _cambiar_estado(request, pk, *, activo: bool):
    tipo = _tipo_editable(request, pk)

    if request.method == "POST":
        cambiado = tipo_registro_cambiar_estado(usuario=request.user, tipo=tipo, activo=activo, request=request)
        if not cambiado:
            messages.info(request, f"«{tipo.nombre}» ya estaba {'activo' if activo else 'inactivo'}.")
        elif activo:
            messages.success(request, f"Se activó «{tipo.nombre}».")
        else:
            messages.success(request, f"Se desactivó «{tipo.nombre}». Sus programaciones y entregas se conservan.")
        return redirect("entregas:tipos_detalle", pk=tipo.pk)

    contexto = {
        "tipo": tipo,
        "activar": activo,
        "programados": tipo.programaciones.count(),
        "entregas": tipo.entregas.count(),
    }
    return render(request, "entregas/tipos_confirmar.html", contexto)


@requiere_rol(*GESTORES)
@require_http_methods(["GET", "POST"])
def desactivar(request, pk):
    return _cambiar_estado(request, pk, activo=False)


@requiere_rol(*GESTORES)
@require_http_methods(["GET", "POST"])
def activar(request, pk):
    return _cambiar_estado(request, pk, activo=True)
