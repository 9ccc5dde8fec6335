from django.shortcuts import get_object_or_404, render

from canastas.models import Departamento, Distrito, Provincia
from canastas.permisos import LECTORES_REPORTES, requiere_rol
from reportes import selectores


@requiere_rol(*LECTORES_REPORTES)
def nacional(request):
    contexto = {
        "titulo": "Nacional",
        "nivel_hijo": "Departamento",
        "url_hijo": "reportes:departamento",
        "migas": [],
        **selectores.potenciales_nacional(),
    }
    return render(request, "reportes/nivel.html", contexto)


@requiere_rol(*LECTORES_REPORTES)
def departamento(request, codigo):
    area = get_object_or_404(Departamento, codigo=codigo)
    contexto = {
        "titulo": f"Departamento de {area.nombre}",
        "nivel_hijo": "Provincia",
        "url_hijo": "reportes:provincia",
        "migas": [],
        **selectores.potenciales_departamento(area),
    }
    return render(request, "reportes/nivel.html", contexto)


@requiere_rol(*LECTORES_REPORTES)
def provincia(request, codigo):
    area = get_object_or_404(Provincia.objects.select_related("departamento"), codigo=codigo)
    contexto = {
        "titulo": f"Provincia de {area.nombre}",
        "nivel_hijo": "Distrito",
        "url_hijo": "reportes:distrito",
        "migas": [("reportes:departamento", area.departamento)],
        **selectores.potenciales_provincia(area),
    }
    return render(request, "reportes/nivel.html", contexto)


@requiere_rol(*LECTORES_REPORTES)
def distrito(request, codigo):
    area = get_object_or_404(Distrito.objects.select_related("provincia__departamento"), codigo=codigo)
    contexto = {
        "distrito": area,
        "cifras": selectores.potenciales_distrito(area),
        "migas": [
            ("reportes:departamento", area.provincia.departamento),
            ("reportes:provincia", area.provincia),
        ],
    }
    return render(request, "reportes/distrito.html", contexto)
