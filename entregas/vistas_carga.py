"""Carga masiva de entregas en dos pasos: subir la hoja (y el ZIP de fotos); revisar la vista previa y confirmar.

La carga es del administrador (elige el distrito) y del subadministrador (su
distrito). Una carga de otro distrito no se encuentra (404) porque
`Importacion` tiene alcance por distrito.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from beneficiarios.importacion.servicios import resumen_codigos
from beneficiarios.models import Importacion
from beneficiarios.selectores import importaciones_visibles
from canastas.hojas.lector import ArchivoRechazado
from canastas.permisos import GESTORES, requiere_rol
from entregas.carga import servicios
from entregas.carga.formularios import SubirCargaEntregasForm
from entregas.carga.plantilla import plantilla_entregas_xlsx
from entregas.carga.rechazadas import TIPO_XLSX, respuesta_filas_rechazadas
from entregas.selectores import tipos_visibles

ERRORES_POR_PAGINA = 100


def _cargas():
    return importaciones_visibles(tipo=Importacion.Tipo.ENTREGAS)


def _carga(pk: int) -> Importacion:
    return get_object_or_404(_cargas(), pk=pk)


@requiere_rol(*GESTORES)
def lista(request):
    # Un POST vacío también se valida: `request.POST or None` lo tomaría por un GET.
    datos = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    formulario = SubirCargaEntregasForm(*datos, usuario=request.user)

    if request.method == "POST" and formulario.is_valid():
        try:
            importacion = servicios.carga_crear(
                usuario=request.user,
                archivo=formulario.cleaned_data["archivo"],
                fotos=formulario.cleaned_data.get("fotos"),
                distrito=formulario.cleaned_data.get("distrito") or request.user.distrito,
                request=request,
            )
        except ArchivoRechazado as rechazo:
            campo = "fotos" if rechazo.codigo.startswith("F-ZIP") else "archivo"
            formulario.add_error(campo, rechazo.mensaje)
        else:
            return redirect("entregas:carga", pk=importacion.pk)

    pagina = Paginator(_cargas(), 20).get_page(request.GET.get("pagina"))
    return render(request, "entregas/cargas.html", {"formulario": formulario, "pagina": pagina})


@requiere_rol(*GESTORES)
def detalle(request, pk):
    importacion = _carga(pk)
    errores = importacion.errores.all()
    codigo = request.GET.get("codigo", "")
    if codigo:
        errores = errores.filter(codigo=codigo)
    pagina = Paginator(errores, ERRORES_POR_PAGINA).get_page(request.GET.get("pagina"))

    contexto = {
        "importacion": importacion,
        "pagina": pagina,
        "codigos": resumen_codigos(importacion),
        "codigo": codigo,
        "parametros": f"codigo={codigo}" if codigo else "",
        "mismo_archivo": _cargas().filter(sha256=importacion.sha256).exclude(pk=importacion.pk)[:5],
    }
    return render(request, "entregas/carga.html", contexto)


@requiere_rol(*GESTORES)
def estado(request, pk):
    """Estado y avance en JSON, para la barra de progreso de la vista previa."""
    importacion = _carga(pk)
    return JsonResponse(importacion.avance())


@requiere_rol(*GESTORES)
@require_POST
def aplicar(request, pk):
    importacion = _carga(pk)
    if not request.POST.get("conforme"):
        messages.error(request, "Marque la casilla de conformidad para confirmar el registro.")
        return redirect("entregas:carga", pk=pk)
    try:
        servicios.carga_confirmar(importacion=importacion, usuario=request.user, request=request)
    except servicios.ImportacionNoAplicable as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Se inició el registro de las entregas válidas.")
    return redirect("entregas:carga", pk=pk)


@requiere_rol(*GESTORES)
@require_POST
def descartar(request, pk):
    importacion = _carga(pk)
    try:
        servicios.carga_descartar(importacion=importacion, usuario=request.user, request=request)
    except servicios.ImportacionNoAplicable as error:
        messages.error(request, str(error))
        return redirect("entregas:carga", pk=pk)
    messages.success(request, "La carga se descartó. No se registró ninguna entrega del archivo.")
    return redirect("entregas:cargas")


@requiere_rol(*GESTORES)
def rechazadas(request, pk):
    importacion = _carga(pk)
    return respuesta_filas_rechazadas(importacion, usuario=request.user, request=request)


@requiere_rol(*GESTORES)
def plantilla(request):
    consulta = tipos_visibles(usuario=request.user)
    if request.user.distrito_id:
        consulta = consulta.filter(Q(distrito__isnull=True) | Q(distrito_id=request.user.distrito_id))
    tipos = [
        (tipo.codigo, tipo.nombre, tipo.distrito.nombre if tipo.distrito_id else "Nacional")
        for tipo in consulta.order_by("nombre")
    ]
    return FileResponse(
        plantilla_entregas_xlsx(tipos),
        as_attachment=True,
        filename="plantilla_entregas_canastas.xlsx",
        content_type=TIPO_XLSX,
    )
