from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiarios.importacion.columnas import columnas_padron
from beneficiarios.models import Beneficiario
from canastas.importacion.columnas import Contexto, ErrorCelda
from canastas.models import Distrito

COLUMNAS_FORMULARIO = {columna.nombre: columna for columna in columnas_padron(ubigeos_validos=frozenset())}


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # El teléfono se normaliza como en la carga (+51 987 654 321 → 987654321).
        telefono = self.fields["telefono"]
        telefono.max_length = 20
        telefono.validators = []
        telefono.widget.attrs["maxlength"] = 20

    def _limpiar_como_en_la_carga(self, nombre: str):
        """Aplica la misma regla que la carga del padrón, para que ambas vías acepten lo mismo."""
        valor = self.cleaned_data.get(nombre)
        if valor in (None, ""):
            return valor
        columna = COLUMNAS_FORMULARIO[nombre]
        contexto = Contexto(hoy=timezone.localdate())
        try:
            limpio = columna.limpiar(valor, contexto)
        except ErrorCelda as error:
            raise forms.ValidationError(error.mensaje[:1].upper() + error.mensaje[1:]) from None
        if contexto.advertencias and nombre == "telefono":
            raise forms.ValidationError(_("El teléfono debe ser un celular de 9 dígitos que empiece con 9."))
        return limpio

    def clean_apellido_paterno(self):
        return self._limpiar_como_en_la_carga("apellido_paterno")

    def clean_apellido_materno(self):
        return self._limpiar_como_en_la_carga("apellido_materno")

    def clean_nombres(self):
        return self._limpiar_como_en_la_carga("nombres")

    def clean_fecha_nacimiento(self):
        return self._limpiar_como_en_la_carga("fecha_nacimiento")

    def clean_telefono(self):
        return self._limpiar_como_en_la_carga("telefono") or ""

    def clean_direccion(self):
        return self._limpiar_como_en_la_carga("direccion")

    def clean_miembros_hogar(self):
        miembros = self.cleaned_data["miembros_hogar"]
        if not 1 <= miembros <= 30:
            raise forms.ValidationError(_("Los miembros del hogar deben estar entre 1 y 30."))
        return miembros


class SubirPadronForm(forms.Form):
    archivo = forms.FileField(
        label=_("Archivo del padrón"),
        help_text=_("Excel (.xlsx o .xls), OpenDocument (.ods) o CSV separado por comas o punto y coma."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv,.ods"}),
    )
    distrito = forms.ModelChoiceField(
        label=_("Distrito"),
        queryset=Distrito.objects.none(),
        required=False,
        help_text=_("Opcional. Vacío: cada fila va al distrito que indica su ubigeo."),
        error_messages={"invalid_choice": _("No existe un distrito con el ubigeo «%(value)s». Escriba 6 dígitos, p. ej. 150132.")},
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
