from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from canastas.models import Distrito
from usuarios.models import ROLES_CON_DISTRITO, Rol, Usuario
from usuarios.servicios import roles_que_puede_asignar, roles_que_puede_crear

VALIDAR_DNI = RegexValidator(r"^\d{8}$", _("El DNI tiene 8 dígitos."))
VALIDAR_CELULAR = RegexValidator(r"^9\d{8}$", _("El teléfono debe ser un celular de 9 dígitos que empiece con 9."))


class FiltroUsuariosForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Usuario, nombre o correo")}))
    rol = forms.ChoiceField(label=_("Rol"), required=False, choices=[("", _("Todos"))] + list(Rol.choices))
    activo = forms.ChoiceField(label=_("Estado"), required=False,
                               choices=[("", _("Todos")), ("si", _("Activos")), ("no", _("Desactivados"))])


class _DatosPersonalesForm(forms.ModelForm):
    """Campos comunes al alta y a la edición; el correo es obligatorio y no se repite."""

    class Meta:
        model = Usuario
        fields = ["first_name", "last_name", "email", "dni", "telefono"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["dni"].validators.append(VALIDAR_DNI)
        self.fields["telefono"].validators.append(VALIDAR_CELULAR)

    def clean_email(self):
        # El enlace para fijar la contraseña se envía por correo: dos cuentas con el mismo
        # correo recibirían cada una el enlace de la otra.
        email = self.cleaned_data["email"].strip().lower()
        repetidos = Usuario.objects.filter(email__iexact=email)
        if self.instance.pk:
            repetidos = repetidos.exclude(pk=self.instance.pk)
        if repetidos.exists():
            raise forms.ValidationError(_("Ya existe un usuario con el correo %(email)s."), params={"email": email})
        return email


def _campo_distrito(requerido: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Distrito"), queryset=Distrito.objects.order_by("nombre", "codigo"), required=requerido,
        help_text=_("Obligatorio para el subadministrador; vacío para el invitado nacional."),
    )


class UsuarioNuevoForm(_DatosPersonalesForm):
    """Alta de usuario. Los roles ofrecidos dependen de quién crea; el subadministrador no elige distrito."""

    class Meta(_DatosPersonalesForm.Meta):
        fields = ["username", "first_name", "last_name", "email", "dni", "telefono", "rol"]

    def __init__(self, *args, creador, **kwargs):
        super().__init__(*args, **kwargs)
        roles = roles_que_puede_crear(creador)
        self.fields["rol"].choices = [(valor, etiqueta) for valor, etiqueta in Rol.choices if valor in roles]
        if creador.rol == Rol.ADMINISTRADOR:
            self.fields["distrito"] = _campo_distrito(requerido=False)
        else:
            # Usuario.clean() exige distrito al operador: se valida con el del subadministrador.
            self.instance.distrito_id = creador.distrito_id

    def clean(self):
        datos = super().clean()
        if "distrito" not in self.fields:
            return datos
        rol, distrito = datos.get("rol"), datos.get("distrito")
        self.instance.distrito = distrito
        if rol == Rol.SUBADMINISTRADOR and not distrito:
            self.add_error("distrito", _("El subadministrador requiere un distrito."))
        if rol == Rol.INVITADO and distrito:
            self.add_error("distrito", _("El invitado que crea el administrador es nacional: deje el distrito vacío."))
        return datos

    def datos_para_servicio(self) -> dict:
        datos = {campo: self.cleaned_data[campo] for campo in self.Meta.fields}
        distrito = self.cleaned_data.get("distrito")
        datos["distrito_id"] = distrito.pk if distrito else None
        return datos


class UsuarioEditarForm(_DatosPersonalesForm):
    """Edición de datos personales y del rol que el editor puede asignar; el administrador también cambia el distrito."""

    def __init__(self, *args, editor, **kwargs):
        super().__init__(*args, **kwargs)
        roles = roles_que_puede_asignar(editor, self.instance)
        self.fields["rol"] = forms.ChoiceField(
            label=_("Rol"), choices=[(valor, etiqueta) for valor, etiqueta in Rol.choices if valor in roles],
            initial=self.instance.rol, required=False, help_text=_("Vacío: conserva el rol actual."),
        )
        if editor.rol == Rol.ADMINISTRADOR:
            self.fields["distrito"] = _campo_distrito(requerido=False)
            self.fields["distrito"].help_text = _("Obligatorio para el subadministrador y el operador; vacío para el invitado nacional.")
            self.initial["distrito"] = self.instance.distrito_id

    def clean(self):
        # Usuario.clean() revisa la pareja rol y distrito: se validan los valores pedidos.
        datos = super().clean()
        if "rol" in datos and not datos["rol"]:
            datos["rol"] = self.instance.rol
        if datos.get("rol"):
            self.instance.rol = datos["rol"]
        if "distrito" in self.fields:
            self.instance.distrito = datos.get("distrito")
            if self.instance.rol in ROLES_CON_DISTRITO and not self.instance.distrito_id:
                self.add_error("distrito", _("Este rol requiere un distrito."))
        return datos

    def datos_para_servicio(self) -> dict:
        datos = {campo: self.cleaned_data[campo] for campo in self.Meta.fields}
        datos["rol"] = self.cleaned_data["rol"]
        if "distrito" in self.fields:
            distrito = self.cleaned_data.get("distrito")
            datos["distrito_id"] = distrito.pk if distrito else None
        return datos
