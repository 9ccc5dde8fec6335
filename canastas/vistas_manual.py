"""Manual de usuario dentro de la plataforma: el capítulo del rol, los que el rol puede leer y sus imágenes."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse

from canastas.manual import capitulos
from canastas.manual.capitulos import Enlazador

ENLAZADOR = Enlazador(
    capitulo=lambda nombre: reverse(f"manual:{nombre}"),
    imagen=lambda archivo: f"{reverse('manual:imagen')}?archivo={archivo}",
)


@login_required
def inicio(request):
    """Abre el capítulo del rol del usuario."""
    return _mostrar(request, request.user.rol)


@login_required
def capitulo(request, capitulo: str):
    if capitulo not in capitulos.capitulos_que_lee(request.user):
        raise PermissionDenied("Su rol no puede leer este capítulo del manual.")
    return _mostrar(request, capitulo)


@login_required
def imagen(request):
    """Sirve una captura solo si la muestra un capítulo que el usuario puede leer."""
    archivo = request.GET.get("archivo", "")
    visibles = set()
    for nombre in capitulos.capitulos_que_lee(request.user):
        visibles |= capitulos.imagenes_referidas(nombre)
    # El nombre se compara con los referidos: nunca se abre una ruta armada por el cliente.
    if archivo not in visibles:
        raise Http404("No existe esa imagen del manual.")

    ruta = capitulos.CARPETA_IMAGENES / archivo
    if not ruta.is_file():
        raise Http404("La imagen aún no se generó; corra make manual.")
    respuesta = FileResponse(ruta.open("rb"), content_type="image/png")
    respuesta["Cache-Control"] = "private, max-age=3600"
    return respuesta


def _mostrar(request, capitulo: str):
    if capitulo not in capitulos.capitulos_que_lee(request.user):
        raise PermissionDenied("Su rol no tiene capítulo en el manual.")

    legibles = capitulos.capitulos_que_lee(request.user)
    enlazador = Enlazador(
        capitulo=lambda nombre: reverse(f"manual:{nombre}") if nombre in legibles else "",
        imagen=ENLAZADOR.imagen,
    )
    cuerpo, contenido = capitulos.convertir(capitulo, enlazador)
    otros = [
        {"nombre": nombre, "titulo": capitulos.titulo(nombre), "url": reverse(f"manual:{nombre}")}
        for nombre in capitulos.capitulos_que_lee(request.user)
    ]
    contexto = {"capitulo": capitulo, "cuerpo": cuerpo, "contenido": contenido, "capitulos": otros}
    return render(request, "manual/capitulo.html", contexto)
