"""Lecturas del padrón. Corren dentro del alcance del distrito del usuario."""

from django.db.models import Count, Q, Sum

from beneficiarios.models import Beneficiario, Importacion
from canastas.texto import texto_busqueda
from usuarios.models import Rol


def beneficiarios_del_distrito(
    *, busqueda: str = "", distrito: str = "", estado: str = "", sexo: str = "", importacion: int | None = None
):
    """Padrón visible en el alcance activo, con búsqueda que ignora tildes y mayúsculas."""
    consulta = Beneficiario.objects.select_related("distrito")

    if busqueda:
        # Cada palabra debe aparecer; "contains" encuentra también un DNI
        # escrito sin su cero inicial.
        for palabra in texto_busqueda(busqueda).split():
            consulta = consulta.filter(busqueda__contains=palabra)
    if distrito:
        consulta = consulta.filter(distrito_id=distrito)
    if estado:
        consulta = consulta.filter(estado=estado)
    if sexo:
        consulta = consulta.filter(sexo=sexo)
    if importacion:
        consulta = consulta.filter(importacion_id=importacion)

    return consulta.order_by("apellido_paterno", "apellido_materno", "nombres", "id")


def importaciones_visibles(*, tipo: str = Importacion.Tipo.PADRON):
    return Importacion.objects.filter(tipo=tipo).select_related("usuario", "distrito")


def resumen_inicio(*, usuario) -> dict:
    """Cifras breves para la página de inicio, según el alcance del usuario."""
    if usuario.rol == Rol.INVITADO and not usuario.distrito_id:
        return {}
    if usuario.rol == Rol.OPERADOR:
        return {}

    cifras = Beneficiario.objects.aggregate(
        hogares=Count("id"),
        personas=Sum("miembros_hogar"),
        observados=Count("id", filter=Q(estado=Beneficiario.Estado.OBSERVADO)),
    )
    cifras["importaciones_pendientes"] = Importacion.objects.filter(
        estado__in=[Importacion.Estado.LISTO, Importacion.Estado.CON_ERRORES], nuevas__gt=0
    ).count()
    return cifras
