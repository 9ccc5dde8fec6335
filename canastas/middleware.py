"""Rechazo temprano de peticiones con el carácter NUL.

PostgreSQL no guarda NUL (0x00) en campos de texto: un `%00` en la URL o en un
formulario terminaría en un error 500 al consultar o al auditar. Se responde 400.
"""

from django.http import JsonResponse
from django.shortcuts import render

MENSAJE = "La solicitud contiene caracteres no permitidos (NUL). Corrija los datos y vuelva a enviarlos."


def _tiene_nulo(valores) -> bool:
    return any("\x00" in valor for valor in valores)


class RechazarNulosMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        partes = [request.path]
        partes.extend(valor for _, lista in request.GET.lists() for valor in lista)
        if request.method == "POST" and not request.content_type.startswith("multipart/"):
            partes.extend(valor for _, lista in request.POST.lists() for valor in lista)
        if _tiene_nulo(partes):
            if request.path.startswith("/api/"):
                return JsonResponse({"codigo": "caracter-invalido", "mensaje": MENSAJE}, status=400)
            return render(request, "errores/400.html", status=400)
        return self.get_response(request)
