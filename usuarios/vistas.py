"""Mantenimiento de usuarios: lista, alta, ficha, edición, desactivación y enlace de contraseña.

Un usuario fuera del alcance de quien consulta (otro distrito para el subadministrador)
responde 404; uno del mismo distrito que el rol no permite gestionar responde 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from canastas.auditoria import historial_de
from canastas.permisos import GESTORES, requiere_rol
from usuarios import servicios
from usuarios.formularios import FiltroUsuariosForm, UsuarioEditarForm, UsuarioNuevoForm

POR_PAGINA = 50


def _usuario_visible(request, pk):
    return get_object_or_404(servicios.usuarios_visibles(request.user), pk=pk)


def _usuario_gestionable(request, pk):
    usuario = _usuario_visible(request, pk)
    if not servicios.puede_gestionar(request.user, usuario):
        raise PermissionDenied("Su rol no le permite gestionar a este usuario.")
    return usuario


@requiere_rol(*GESTORES)
def lista(request):
    filtro = FiltroUsuariosForm(request.GET or None)
    datos = filtro.cleaned_data if filtro.is_valid() else {}
    consulta = servicios.buscar_usuarios(
        servicios.usuarios_visibles(request.user),
        busqueda=datos.get("q", ""),
        rol=datos.get("rol", ""),
        activo=datos.get("activo", ""),
    )
    pagina = Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))

    parametros = request.GET.copy()
    parametros.pop("pagina", None)
    contexto = {"filtro": filtro, "pagina": pagina, "parametros": parametros.urlencode()}
    return render(request, "usuarios/lista.html", contexto)


@requiere_rol(*GESTORES)
@require_http_methods(["GET", "POST"])
def nuevo(request):
    if request.user.es_subadministrador and not request.user.distrito_id:
        raise PermissionDenied("Su cuenta de subadministrador no tiene distrito.")
    formulario = UsuarioNuevoForm(request.POST if request.method == "POST" else None, creador=request.user)

    if request.method == "POST" and formulario.is_valid():
        try:
            usuario = servicios.usuario_crear(actor=request.user, datos=formulario.datos_para_servicio(), request=request)
        except ValidationError as error:
            formulario.add_error(None, error)
        else:
            messages.success(request, f"Se creó el usuario {usuario.username} y se le envió el enlace para fijar su contraseña.")
            return redirect("usuarios:detalle", pk=usuario.pk)

    return render(request, "usuarios/nuevo.html", {"formulario": formulario})


@requiere_rol(*GESTORES)
def detalle(request, pk):
    usuario = _usuario_visible(request, pk)
    contexto = {
        "usuario": usuario,
        "gestionable": servicios.puede_gestionar(request.user, usuario),
        "historial": historial_de(usuario),
    }
    return render(request, "usuarios/detalle.html", contexto)


@requiere_rol(*GESTORES)
@require_http_methods(["GET", "POST"])
def editar(request, pk):
    original = _usuario_gestionable(request, pk)
    # El formulario escribe en su instancia al validar; el servicio compara contra el original.
    copia = servicios.usuarios_visibles(request.user).get(pk=pk)
    formulario = UsuarioEditarForm(request.POST if request.method == "POST" else None, instance=copia, editor=request.user)

    if request.method == "POST" and formulario.is_valid():
        try:
            servicios.usuario_modificar(
                actor=request.user, usuario=original, datos=formulario.datos_para_servicio(), request=request
            )
        except ValidationError as error:
            formulario.add_error(None, error)
        else:
            messages.success(request, "Los cambios se guardaron y quedaron en el historial.")
            return redirect("usuarios:detalle", pk=pk)

    return render(request, "usuarios/editar.html", {"formulario": formulario, "usuario": original})


@requiere_rol(*GESTORES)
@require_http_methods(["GET", "POST"])
def desactivar(request, pk):
    usuario = _usuario_gestionable(request, pk)
    if request.method == "POST":
        servicios.usuario_desactivar(actor=request.user, usuario=usuario, request=request)
        messages.success(request, f"El usuario {usuario.username} quedó desactivado y ya no puede ingresar.")
        return redirect("usuarios:detalle", pk=pk)
    return render(request, "usuarios/confirmar_estado.html", {"usuario": usuario, "activar": False})


@requiere_rol(*GESTORES)
@require_http_methods(["GET", "POST"])
def reactivar(request, pk):
    usuario = _usuario_gestionable(request, pk)
    if request.method == "POST":
        servicios.usuario_reactivar(actor=request.user, usuario=usuario, request=request)
        messages.success(request, f"El usuario {usuario.username} está activo y puede ingresar.")
        return redirect("usuarios:detalle", pk=pk)
    return render(request, "usuarios/confirmar_estado.html", {"usuario": usuario, "activar": True})


@requiere_rol(*GESTORES)
@require_POST
def enviar_enlace(request, pk):
    usuario = _usuario_gestionable(request, pk)
    try:
        servicios.usuario_enviar_enlace(actor=request.user, usuario=usuario, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Se envió a {usuario.email} el enlace para fijar la contraseña.")
    return redirect("usuarios:detalle", pk=pk)
