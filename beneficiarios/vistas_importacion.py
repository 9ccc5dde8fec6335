"""Carga del padrón en dos pasos: subir el archivo; revisar la vista previa y confirmar."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from beneficiarios.formularios import SubirPadronForm
from beneficiarios.importacion import servicios
from beneficiarios.importacion.plantilla import plantilla_padron_xlsx
from beneficiarios.importacion.rechazadas import respuesta_filas_rechazadas
from beneficiarios.models import Importacion
from beneficiarios.selectores import importaciones_visibles
from canastas.hojas.lector import ArchivoRechazado
from canastas.permisos import GESTORES, requiere_rol

ERRORES_POR_PAGINA = 100


@requiere_rol(*GESTORES)
def lista(request):
    # Un POST vacío también se valida: `request.POST or None` lo tomaría por un GET.
    datos = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    formulario = SubirPadronForm(*datos, usuario=request.user)

    if request.method == "POST" and formulario.is_valid():
        distrito = formulario.cleaned_data.get("distrito") or request.user.distrito
        try:
            importacion = servicios.importacion_crear(
                usuario=request.user,
                archivo=formulario.cleaned_data["archivo"],
                distrito=distrito,
                request=request,
            )
        except ArchivoRechazado as rechazo:
            formulario.add_error("archivo", rechazo.mensaje)
        else:
            return redirect("beneficiarios:importacion", pk=importacion.pk)

    pagina = Paginator(importaciones_visibles(), 20).get_page(request.GET.get("pagina"))
    return render(request, "beneficiarios/importaciones.html", {"formulario": formulario, "pagina": pagina})


@requiere_rol(*GESTORES)
def detalle(request, pk):
    importacion = get_object_or_404(Importacion.objects.select_related("usuario", "distrito"), pk=pk)
    errores = importacion.errores.all()
    codigo = request.GET.get("codigo", "")
    if codigo:
        errores = errores.filter(codigo=codigo)
    pagina = Paginator(errores, ERRORES_POR_PAGINA).get_page(request.GET.get("pagina"))

    contexto = {
        "importacion": importacion,
        "pagina": pagina,
        "codigos": servicios.resumen_codigos(importacion),
        "codigo": codigo,
        "parametros": f"codigo={codigo}" if codigo else "",
        "muestra": servicios.muestra_filas_nuevas(importacion),
        "mismo_archivo": importaciones_visibles().filter(sha256=importacion.sha256).exclude(pk=importacion.pk)[:5],
    }
    return render(request, "beneficiarios/importacion.html", contexto)


@requiere_rol(*GESTORES)
def estado(request, pk):
    """Estado y avance en JSON, para la barra de progreso de la vista previa."""
    importacion = get_object_or_404(Importacion, pk=pk)
    return JsonResponse(importacion.avance())


@requiere_rol(*GESTORES)
@require_POST
def aplicar(request, pk):
    importacion = get_object_or_404(Importacion, pk=pk)
    if not request.POST.get("conforme"):
        messages.error(request, "Marque la casilla de conformidad para confirmar el registro.")
        return redirect("beneficiarios:importacion", pk=pk)
    try:
        servicios.importacion_confirmar(importacion=importacion, usuario=request.user, request=request)
    except servicios.ImportacionNoAplicable as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Se inició el registro de las filas válidas.")
    return redirect("beneficiarios:importacion", pk=pk)


@requiere_rol(*GESTORES)
@require_POST
def descartar(request, pk):
    importacion = get_object_or_404(Importacion, pk=pk)
    try:
        servicios.importacion_descartar(importacion=importacion, usuario=request.user, request=request)
    except servicios.ImportacionNoAplicable as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "La carga se descartó. No se registró ninguna fila del archivo.")
    return redirect("beneficiarios:importaciones")


@requiere_rol(*GESTORES)
def rechazadas(request, pk):
    importacion = get_object_or_404(Importacion, pk=pk)
    return respuesta_filas_rechazadas(importacion, usuario=request.user, request=request)


@requiere_rol(*GESTORES)
def plantilla(request):
    return FileResponse(
        plantilla_padron_xlsx(),
        as_attachment=True,
        filename="plantilla_padron_canastas.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
