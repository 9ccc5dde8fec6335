from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Rol(models.TextChoices):
    ADMINISTRADOR = "administrador", _("Administrador")
    SUBADMINISTRADOR = "subadministrador", _("Sub Administrador")
    OPERADOR = "operador", _("Operador")
    INVITADO = "invitado", _("Invitado")


# Roles que solo existen dentro de un distrito.
ROLES_CON_DISTRITO = {Rol.SUBADMINISTRADOR, Rol.OPERADOR}


class Usuario(AbstractUser):
    """Cuenta de la plataforma, con su rol y, salvo el administrador, su distrito.

    No lleva el manager con alcance por distrito: la autenticación carga al usuario
    antes de que exista un alcance. El mantenimiento de usuarios filtra por distrito
    de forma explícita.
    """

    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, default=Rol.INVITADO)
    distrito = models.ForeignKey(
        "canastas.Distrito",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="usuarios",
        verbose_name=_("distrito"),
    )
    dni = models.CharField(_("DNI"), max_length=8, blank=True)
    telefono = models.CharField(_("teléfono"), max_length=15, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")
        constraints = [
            models.CheckConstraint(
                name="usuario_distrito_segun_rol",
                condition=(
                    models.Q(rol="administrador", distrito__isnull=True)
                    | models.Q(rol__in=["subadministrador", "operador"], distrito__isnull=False)
                    | models.Q(rol="invitado")
                ),
                violation_error_message=_(
                    "El administrador no lleva distrito; el subadministrador y el operador sí."
                ),
            ),
            # El enlace para fijar la clave va al correo: dos cuentas con el mismo correo
            # (aunque cambien mayúsculas) recibirían cada una el enlace de la otra.
            models.UniqueConstraint(
                Lower("email"),
                name="usuario_correo_unico",
                condition=~models.Q(email=""),
                violation_error_message=_("Ya existe un usuario con ese correo."),
            ),
        ]

    def clean(self):
        super().clean()
        if self.rol in ROLES_CON_DISTRITO and not self.distrito_id:
            raise ValidationError({"distrito": _("Este rol requiere un distrito.")})
        if self.rol == Rol.ADMINISTRADOR and self.distrito_id:
            raise ValidationError({"distrito": _("El administrador no pertenece a un distrito.")})

    @property
    def es_administrador(self) -> bool:
        return self.rol == Rol.ADMINISTRADOR

    @property
    def es_subadministrador(self) -> bool:
        return self.rol == Rol.SUBADMINISTRADOR

    @property
    def es_operador(self) -> bool:
        return self.rol == Rol.OPERADOR

    @property
    def es_invitado(self) -> bool:
        return self.rol == Rol.INVITADO
