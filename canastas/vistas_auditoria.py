"""Registro de auditoría para el administrador (todo) y el subadministrador (su distrito).

Solo lectura: ninguna vista edita ni borra entradas. El alcance por distrito del
middleware filtra las filas del subadministrador (RegistroAccion lleva ScopedManager).
"""

import io
import tempfile

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone

from canastas.auditoria import registrar_accion
from canastas.hojas.escritor import escribir_csv, escribir_xlsx
from canastas.models import RegistroAccion
from canastas.permisos import GESTORES, requiere_rol

POR_PAGINA = 50
ENCABEZADOS = ["fecha", "usuario", "ip", "accion", "tipo_objeto", "id_objeto", "objeto", "distrito", "antes",
               "despues", "detalle"]


class FiltroAuditoriaForm(forms.Form):
    usuario = forms.CharField(label="Usuario", required=False, max_length=150)
    modelo = forms.CharField(label="Tipo de objeto", required=False, max_length=60,
                             widget=forms.TextInput(attrs={"placeholder": "p. ej. beneficiarios.Beneficiario"}))
    objeto_id = forms.CharField(label="Id del objeto", required=False, max_length=64)
    accion = forms.ChoiceField(label="Acción", required=False,
                               choices=[("", "Todas")] + list(RegistroAccion.Accion.choices))
    desde = forms.DateField(label="Desde", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hasta = forms.DateField(label="Hasta", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        datos = super().clean()
        if datos.get("desde") and datos.get("hasta") and datos["desde"] > datos["hasta"]:
            raise forms.ValidationError("La fecha «Desde» es posterior a «Hasta». Corrija el rango.")
        return datos


def registros_filtrados(datos: dict):
    """Entradas del alcance activo que cumplen los filtros; las fechas son días en hora de Lima."""
    consulta = RegistroAccion.objects.select_related("usuario", "distrito")
    if datos.get("usuario"):
        consulta = consulta.filter(usuario__username__icontains=datos["usuario"])
    if datos.get("modelo"):
        consulta = consulta.filter(modelo__icontains=datos["modelo"])
    if datos.get("objeto_id"):
        consulta = consulta.filter(objeto_id=datos["objeto_id"])
    if datos.get("accion"):
        consulta = consulta.filter(accion=datos["accion"])
    if datos.get("desde"):
        consulta = consulta.filter(fecha__date__gte=datos["desde"])
    if datos.get("hasta"):
        consulta = consulta.filter(fecha__date__lte=datos["hasta"])
    return consulta.order_by("-fecha", "-id")


def _filtro(request):
    filtro = FiltroAuditoriaForm(request.GET or None)
    datos = filtro.cleaned_data if filtro.is_valid() else {}
    return filtro, registros_filtrados(datos)


@requiere_rol(*GESTORES)
def lista(request):
    filtro, consulta = _filtro(request)
    pagina = Paginator(consulta, POR_PAGINA).get_page(request.GET.get("pagina"))

    parametros = request.GET.copy()
    parametros.pop("pagina", None)
    contexto = {"filtro": filtro, "pagina": pagina, "parametros": parametros.urlencode()}
    return render(request, "auditoria/lista.html", contexto)


def _filas(consulta):
    for registro in consulta.iterator(chunk_size=2000):
        yield [
            timezone.localtime(registro.fecha).replace(tzinfo=None),
            registro.usuario.username if registro.usuario else "sistema",
            registro.ip or "",
            registro.get_accion_display(),
            registro.modelo,
            registro.objeto_id,
            registro.objeto_texto,
            registro.distrito_id or "",
            str(registro.antes or ""),
            str(registro.despues or ""),
            registro.detalle,
        ]


@requiere_rol(*GESTORES)
def exportar(request):
    formato = "csv" if request.GET.get("formato") == "csv" else "xlsx"
    filtro, consulta = _filtro(request)

    destino = tempfile.TemporaryFile()
    if formato == "csv":
        texto = io.TextIOWrapper(destino, encoding="utf-8-sig", newline="", write_through=True)
        escribir_csv(texto, ENCABEZADOS, _filas(consulta))
        texto.detach()
    else:
        escribir_xlsx(destino, ENCABEZADOS, _filas(consulta), nombre_hoja="Auditoria")
    destino.seek(0)

    registrar_accion(
        usuario=request.user,
        accion=RegistroAccion.Accion.EXPORTAR,
        modelo="canastas.RegistroAccion",
        distrito_id=request.user.distrito_id,
        despues={"formato": formato, "filtros": request.GET.dict()},
        request=request,
    )
    nombre = f"auditoria_{request.user.distrito_id or 'nacional'}_{timezone.localdate():%Y%m%d}.{formato}"
    tipo = "text/csv; charset=utf-8" if formato == "csv" else (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return FileResponse(destino, as_attachment=True, filename=nombre, content_type=tipo)
