"""Padrón del distrito: lista, ficha, corrección y exportación."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from beneficiarios.exportacion import padron_a_exportar, respuesta_exportacion_padron
from beneficiarios.formularios import BeneficiarioForm
from beneficiarios.models import Beneficiario
from beneficiarios.servicios import beneficiario_corregir
from canastas.auditoria import historial_de
from canastas.permisos import GESTORES, LECTORES_PADRON, requiere_distrito, requiere_rol

POR_PAGINA = 50


def _padron_filtrado(request):
    return padron_a_exportar(usuario=request.user, datos=request.GET)


@requiere_rol(*LECTORES_PADRON)
@requiere_distrito
def lista(request):
    filtro, consulta = _padron_filtrado(request)
    pagina = Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))

    parametros = request.GET.copy()
    parametros.pop("pagina", None)
    contexto = {
        "filtro": filtro,
        "pagina": pagina,
        "parametros": parametros.urlencode(),
        "enmascarar": request.user.es_invitado,
    }
    return render(request, "beneficiarios/lista.html", contexto)


@requiere_rol(*GESTORES)
def detalle(request, pk):
    beneficiario = get_object_or_404(Beneficiario.objects.select_related("distrito", "importacion"), pk=pk)
    contexto = {"beneficiario": beneficiario, "historial": historial_de(beneficiario)}
    return render(request, "beneficiarios/detalle.html", contexto)


@requiere_rol(*GESTORES)
@require_http_methods(["GET", "POST"])
def corregir(request, pk):
    beneficiario = get_object_or_404(Beneficiario, pk=pk)
    original = Beneficiario.objects.get(pk=pk)
    formulario = BeneficiarioForm(request.POST if request.method == "POST" else None, instance=beneficiario)

    if request.method == "POST" and formulario.is_valid():
        datos = {campo: formulario.cleaned_data[campo] for campo in BeneficiarioForm.Meta.fields}
        beneficiario_corregir(
            beneficiario=original,
            datos=datos,
            motivo=formulario.cleaned_data["motivo"],
            usuario=request.user,
            request=request,
        )
        messages.success(request, "La corrección se guardó y quedó registrada en el historial.")
        return redirect("beneficiarios:detalle", pk=pk)

    return render(request, "beneficiarios/corregir.html", {"formulario": formulario, "beneficiario": original})


@requiere_rol(*GESTORES)
@requiere_distrito
def exportar(request):
    formato = request.GET.get("formato", "xlsx")
    if formato not in {"xlsx", "csv"}:
        formato = "xlsx"
    filtro, consulta = _padron_filtrado(request)
    if filtro.is_bound and not filtro.is_valid():
        # Un filtro con error no se aplica: exportar sin él sacaría todo el padrón del distrito.
        messages.error(request, "Corrija los filtros marcados antes de exportar.")
        parametros = request.GET.copy()
        parametros.pop("formato", None)
        return redirect(f"{reverse('beneficiarios:lista')}?{parametros.urlencode()}")
    return respuesta_exportacion_padron(consulta, formato=formato, usuario=request.user, request=request)
