from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from beneficiarios.models import Beneficiario
from canastas.models import Distrito


class FiltroPadronForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Documento, apellidos o nombres")}))
    estado = forms.ChoiceField(label=_("Estado"), required=False,
                               choices=[("", _("Todos"))] + list(Beneficiario.Estado.choices))
    sexo = forms.ChoiceField(label=_("Sexo"), required=False,
                             choices=[("", _("Todos")), ("F", _("Femenino")), ("M", _("Masculino"))])
    distrito = forms.CharField(label=_("Ubigeo"), required=False, max_length=6)


class BeneficiarioForm(forms.ModelForm):
    """Corrección de un registro del padrón. El documento y el distrito no se cambian aquí."""

    class Meta:
        model = Beneficiario
        fields = [
            "apellido_paterno", "apellido_materno", "nombres", "fecha_nacimiento", "sexo", "telefono",
            "direccion", "referencia", "centro_poblado", "miembros_hogar", "es_adulto_mayor",
            "tiene_discapacidad", "es_gestante", "fuente", "estado",
        ]
        widgets = {"fecha_nacimiento": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    motivo = forms.CharField(label=_("Motivo de la corrección"), max_length=300,
                             help_text=_("Queda en el historial del registro."))

    def clean_telefono(self):
        telefono = self.cleaned_data["telefono"].replace(" ", "")
        if telefono and (len(telefono) != 9 or not telefono.isdigit() or telefono[0] != "9"):
            raise forms.ValidationError(_("El teléfono debe tener 9 dígitos y empezar con 9."))
        return telefono

    def clean_miembros_hogar(self):
        miembros = self.cleaned_data["miembros_hogar"]
        if not 1 <= miembros <= 30:
            raise forms.ValidationError(_("Los miembros del hogar deben estar entre 1 y 30."))
        return miembros


class SubirPadronForm(forms.Form):
    archivo = forms.FileField(
        label=_("Archivo del padrón"),
        help_text=_("Excel (.xlsx o .xls) o CSV separado por comas o punto y coma."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv,.ods"}),
    )
    distrito = forms.ModelChoiceField(
        label=_("Distrito"),
        queryset=Distrito.objects.none(),
        required=False,
        help_text=_("Opcional. Vacío: cada fila va al distrito que indica su ubigeo."),
    )

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        if usuario.es_administrador:
            self.fields["distrito"].queryset = Distrito.objects.all()
            self.fields["distrito"].widget = forms.TextInput(attrs={"placeholder": _("Ubigeo, p. ej. 150132")})
        else:
            del self.fields["distrito"]

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        if archivo.size == 0:
            raise forms.ValidationError(_("El archivo está vacío (0 bytes). Elija el archivo correcto."))
        limite = settings.CANASTAS_MAX_ARCHIVO_PADRON
        if archivo.size > limite:
            raise forms.ValidationError(
                _("El archivo pesa %(mb).1f MB y el máximo es %(max)d MB. Divídalo en partes.")
                % {"mb": archivo.size / 1024 / 1024, "max": limite // 1024 // 1024}
            )
        return archivo
