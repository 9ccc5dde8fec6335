"""Formulario de subida de la carga masiva de entregas: hoja, ZIP de fotos y, para el administrador, distrito."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from canastas.models import Distrito
from entregas.carga.fotos import LIMITES_FOTOS


def _revisar_tamano(archivo, limite: int):
    if archivo.size == 0:
        raise forms.ValidationError(_("El archivo está vacío (0 bytes). Elija el archivo correcto."))
    if archivo.size > limite:
        raise forms.ValidationError(
            _("El archivo pesa %(mb).1f MB y el máximo es %(max)d MB. Divídalo en partes.")
            % {"mb": archivo.size / 1024 / 1024, "max": limite // 1024 // 1024}
        )
    return archivo


class SubirCargaEntregasForm(forms.Form):
    archivo = forms.FileField(
        label=_("Archivo de entregas"),
        help_text=_("Excel (.xlsx o .xls), OpenDocument (.ods) o CSV separado por comas o punto y coma."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv,.ods"}),
    )
    fotos = forms.FileField(
        label=_("Fotos (ZIP, opcional)"),
        required=False,
        help_text=_(
            "Un .zip con una foto por documento: 40150002.jpg es la foto del DNI con la planilla firmada y "
            "40150002-persona.jpg la de la persona. Sin foto, la entrega queda observada."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )
    distrito = forms.ModelChoiceField(
        label=_("Distrito"),
        queryset=Distrito.objects.none(),
        help_text=_("Ubigeo de 6 dígitos del distrito que hizo las entregas, p. ej. 150122."),
        to_field_name="codigo",
        error_messages={
            "required": _("Escriba el ubigeo del distrito de la carga (6 dígitos)."),
            "invalid_choice": _("Ese ubigeo no existe en el catálogo INEI. Escriba los 6 dígitos, p. ej. 150122."),
        },
    )

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        if usuario.es_administrador:
            self.fields["distrito"].queryset = Distrito.objects.all()
            self.fields["distrito"].widget = forms.TextInput(attrs={"placeholder": _("Ubigeo, p. ej. 150122")})
        else:
            del self.fields["distrito"]

    def clean_archivo(self):
        return _revisar_tamano(self.cleaned_data["archivo"], settings.CANASTAS_MAX_ARCHIVO_PADRON)

    def clean_fotos(self):
        fotos = self.cleaned_data.get("fotos")
        if not fotos:
            return None
        return _revisar_tamano(fotos, LIMITES_FOTOS.bytes_zip)
