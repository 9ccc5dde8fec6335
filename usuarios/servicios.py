"""Mantenimiento de usuarios por rol: quién puede crear, cambiar y desactivar a quién.

Reglas (matriz de roles del diseño):
- El administrador crea subadministradores (con distrito) e invitados nacionales (sin distrito),
  y mantiene a todos los usuarios salvo a otros administradores, que se gestionan en el admin de Django.
- El subadministrador crea operadores e invitados de su propio distrito y solo mantiene a esos.
  Un usuario de otro distrito no existe para él (404); un subadministrador o administrador de su
  distrito le responde 403.
- Nadie se desactiva a sí mismo, y ningún usuario se borra: sus registros conservan su autor.

Las vistas validan los datos con los formularios. Este módulo vuelve a comprobar el rol y el
distrito, así ningún POST guarda más de lo que permite el rol de quien actúa.
"""

import logging

from allauth.account.forms import ResetPasswordForm
from allauth.core import context as contexto_allauth
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from canastas.auditoria import registrar_accion, valores_de
from canastas.models import RegistroAccion
from usuarios.models import Rol, Usuario

logger = logging.getLogger(__name__)

# Campos que van a la auditoría. La contraseña nunca.
CAMPOS_AUDITADOS = ["username", "first_name", "last_name", "email", "dni", "telefono", "rol", "distrito_id", "is_active"]
CAMPOS_EDITABLES = ["first_name", "last_name", "email", "dni", "telefono"]


def roles_que_puede_crear(actor) -> list[str]:
    if actor.rol == Rol.ADMINISTRADOR:
        return [Rol.SUBADMINISTRADOR, Rol.INVITADO]
    if actor.rol == Rol.SUBADMINISTRADOR:
        return [Rol.OPERADOR, Rol.INVITADO]
    return []


def roles_que_puede_asignar(actor, usuario: Usuario) -> list[str]:
    """Roles que `actor` puede dar a `usuario` al editarlo, incluido el que ya tiene.

    El administrador mueve a un usuario entre subadministrador, operador e invitado de
    cualquier distrito; el subadministrador, entre operador e invitado del suyo. Nadie
    asigna el rol de administrador desde aquí: eso se hace en el admin de Django.
    """
    if not puede_gestionar(actor, usuario):
        return []
    if actor.rol == Rol.ADMINISTRADOR:
        return [Rol.SUBADMINISTRADOR, Rol.OPERADOR, Rol.INVITADO]
    return [Rol.OPERADOR, Rol.INVITADO]


def usuarios_visibles(actor) -> QuerySet[Usuario]:
    """Usuarios que `actor` puede listar: todos para el administrador, los de su distrito para el subadministrador."""
    consulta = Usuario.objects.select_related("distrito").order_by("username")
    if actor.rol == Rol.ADMINISTRADOR:
        return consulta
    if actor.rol == Rol.SUBADMINISTRADOR and actor.distrito_id:
        return consulta.filter(distrito_id=actor.distrito_id)
    return consulta.none()


def buscar_usuarios(consulta: QuerySet[Usuario], *, busqueda: str = "", rol: str = "", activo: str = "") -> QuerySet[Usuario]:
    """Filtra por texto (usuario, nombres, apellidos o correo), rol y estado (`activo` = "si" o "no")."""
    if busqueda:
        consulta = consulta.filter(
            Q(username__icontains=busqueda)
            | Q(first_name__icontains=busqueda)
            | Q(last_name__icontains=busqueda)
            | Q(email__icontains=busqueda)
        )
    if rol:
        consulta = consulta.filter(rol=rol)
    if activo == "si":
        consulta = consulta.filter(is_active=True)
    elif activo == "no":
        consulta = consulta.filter(is_active=False)
    return consulta


def puede_gestionar(actor, usuario: Usuario) -> bool:
    """Indica si `actor` puede editar, desactivar o enviar el enlace de clave a `usuario`."""
    if actor.pk == usuario.pk:
        return False
    if actor.rol == Rol.ADMINISTRADOR:
        return usuario.rol != Rol.ADMINISTRADOR
    if actor.rol == Rol.SUBADMINISTRADOR:
        return (
            actor.distrito_id is not None
            and usuario.distrito_id == actor.distrito_id
            and usuario.rol in (Rol.OPERADOR, Rol.INVITADO)
        )
    return False


def _exigir_gestion(actor, usuario: Usuario) -> None:
    if not puede_gestionar(actor, usuario):
        raise PermissionDenied("Su rol no le permite gestionar a este usuario.")


def _distrito_para_nuevo(actor, rol: str, distrito_id: str | None) -> str | None:
    """Fija el distrito del usuario nuevo según quién lo crea; rechaza lo que el rol no permite."""
    if rol not in roles_que_puede_crear(actor):
        raise PermissionDenied("Su rol no puede crear usuarios con el rol solicitado.")
    if actor.rol == Rol.SUBADMINISTRADOR:
        # El subadministrador solo crea en su distrito, diga lo que diga la solicitud.
        return actor.distrito_id
    if rol == Rol.SUBADMINISTRADOR and not distrito_id:
        raise ValidationError({"distrito": "El subadministrador requiere un distrito."})
    if rol == Rol.INVITADO and distrito_id:
        raise ValidationError({"distrito": "El invitado que crea el administrador es nacional: deje el distrito vacío."})
    return distrito_id


def enviar_enlace_clave(*, usuario: Usuario, request) -> None:
    """Envía a `usuario` el correo de allauth con el enlace para fijar su contraseña.

    Usa el mismo flujo que «¿Olvidó su contraseña?»: allauth solo escribe a cuentas activas
    con ese correo, y el formulario de alta rechaza correos repetidos.
    """
    formulario = ResetPasswordForm(data={"email": usuario.email})
    if not formulario.is_valid():
        raise ValidationError({"email": formulario.errors.get("email", ["Correo inválido."])})
    # allauth arma la URL absoluta del enlace con la solicitud de su contexto, que ya no está
    # fijado cuando este envío corre al confirmar la transacción.
    with contexto_allauth.request_context(request):
        formulario.save(request)


@transaction.atomic
def usuario_crear(*, actor, datos: dict, request=None) -> Usuario:
    """Crea la cuenta sin contraseña utilizable y le envía el enlace para fijarla.

    `datos` trae username, first_name, last_name, email, dni, telefono, rol y, para el
    administrador, distrito_id. Cualquier otra clave (is_staff, is_superuser…) se ignora.
    """
    rol = datos["rol"]
    distrito_id = _distrito_para_nuevo(actor, rol, datos.get("distrito_id"))

    usuario = Usuario(
        username=datos["username"],
        email=datos["email"],
        first_name=datos.get("first_name", ""),
        last_name=datos.get("last_name", ""),
        dni=datos.get("dni", ""),
        telefono=datos.get("telefono", ""),
        rol=rol,
        distrito_id=distrito_id,
        is_staff=False,
        is_superuser=False,
        is_active=True,
    )
    usuario.set_unusable_password()
    usuario.full_clean()
    _guardar_con_correo_unico(usuario)

    registrar_accion(
        usuario=actor,
        accion=RegistroAccion.Accion.CREAR,
        objeto=usuario,
        despues=valores_de(usuario, CAMPOS_AUDITADOS),
        request=request,
    )
    # Se envía al confirmar la transacción, para no mandar un enlace a una cuenta que no se guardó.
    transaction.on_commit(lambda: _enviar_enlace_al_crear(usuario, request))
    return usuario


def _enviar_enlace_al_crear(usuario: Usuario, request) -> None:
    # La cuenta ya quedó guardada: un correo que falla no debe convertirse en un error 500.
    # Quien la creó puede reenviar el enlace desde la ficha del usuario.
    try:
        enviar_enlace_clave(usuario=usuario, request=request)
    except Exception:
        logger.exception("Falló el envío del enlace de contraseña al usuario %s", usuario.pk)


def _guardar_con_correo_unico(usuario: Usuario, **opciones) -> None:
    """Guarda al usuario; si otro guardó el mismo correo a la vez, lanza ValidationError en el campo email.

    full_clean() ya rechaza un correo repetido, pero entre esa consulta y el INSERT
    otra petición puede guardar el mismo correo: la restricción única de la base lo detiene.
    """
    try:
        with transaction.atomic():
            usuario.save(**opciones)
    except IntegrityError as error:
        if "usuario_correo_unico" not in str(error):
            raise
        raise ValidationError({"email": f"Ya existe un usuario con el correo {usuario.email}."}) from None


def _campos_permitidos(actor, usuario: Usuario, datos: dict) -> list[str]:
    """Campos que `actor` puede cambiar en `usuario`; lanza PermissionDenied si pide un rol que no puede dar."""
    permitidos = list(CAMPOS_EDITABLES)
    if "rol" in datos:
        if datos["rol"] not in roles_que_puede_asignar(actor, usuario):
            raise PermissionDenied("Su rol no puede asignar el rol solicitado.")
        permitidos.append("rol")
    # Solo el administrador cambia el distrito; el subadministrador mantiene el suyo.
    if actor.rol == Rol.ADMINISTRADOR:
        permitidos.append("distrito_id")
    return permitidos


@transaction.atomic
def usuario_modificar(*, actor, usuario: Usuario, datos: dict, request=None) -> Usuario:
    """Cambia los datos personales, el rol dentro de lo que permite el de `actor` y, para el administrador, el distrito.

    Cualquier otra clave de `datos` (is_staff, is_superuser…) se ignora. Solo se auditan
    los campos que cambian; si nada cambia, no se escribe nada.
    """
    _exigir_gestion(actor, usuario)

    permitidos = _campos_permitidos(actor, usuario, datos)
    cambios = {campo: datos[campo] for campo in permitidos if campo in datos and getattr(usuario, campo) != datos[campo]}
    if not cambios:
        return usuario

    antes = valores_de(usuario, list(cambios))
    for campo, valor in cambios.items():
        setattr(usuario, campo, valor)
    usuario.full_clean()
    _guardar_con_correo_unico(usuario, update_fields=[campo.removesuffix("_id") for campo in cambios])

    registrar_accion(
        usuario=actor,
        accion=RegistroAccion.Accion.MODIFICAR,
        objeto=usuario,
        antes=antes,
        despues=valores_de(usuario, list(cambios)),
        request=request,
    )
    return usuario


def _cambiar_estado(*, actor, usuario: Usuario, activo: bool, accion: str, detalle: str, request) -> Usuario:
    _exigir_gestion(actor, usuario)
    if usuario.is_active == activo:
        return usuario

    usuario.is_active = activo
    usuario.save(update_fields=["is_active"])
    registrar_accion(
        usuario=actor,
        accion=accion,
        objeto=usuario,
        antes={"is_active": not activo},
        despues={"is_active": activo},
        detalle=detalle,
        request=request,
    )
    return usuario


@transaction.atomic
def usuario_desactivar(*, actor, usuario: Usuario, request=None) -> Usuario:
    """Impide el ingreso del usuario; no lo borra, porque sus registros conservan su autor."""
    return _cambiar_estado(
        actor=actor, usuario=usuario, activo=False,
        accion=RegistroAccion.Accion.DESACTIVAR, detalle="Desactivación", request=request,
    )


@transaction.atomic
def usuario_reactivar(*, actor, usuario: Usuario, request=None) -> Usuario:
    """Devuelve el ingreso a un usuario desactivado; se audita como «activar»."""
    return _cambiar_estado(
        actor=actor, usuario=usuario, activo=True,
        accion=RegistroAccion.Accion.ACTIVAR, detalle="Reactivación", request=request,
    )


def usuario_enviar_enlace(*, actor, usuario: Usuario, request=None) -> None:
    """Envía el enlace para fijar la contraseña a un usuario activo que `actor` gestiona."""
    _exigir_gestion(actor, usuario)
    if not usuario.is_active:
        raise ValidationError("El usuario está desactivado: reactívelo antes de enviarle el enlace.")
    enviar_enlace_clave(usuario=usuario, request=request)
