"""Formularios de la lista de capturas: filtros y motivo de una observación o anulación."""

from django import forms
from django.utils.translation import gettext_lazy as _

from entregas.models import Entrega
from entregas.selectores_capturas import operadores_de_capturas, tipos_de_capturas
from entregas.servicios_capturas import MAXIMO_MOTIVO


class FiltroCapturasForm(forms.Form):
    desde = forms.DateField(label=_("Entregadas desde"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hasta = forms.DateField(label=_("hasta"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    operador = forms.ModelChoiceField(label=_("Registrado por"), required=False, queryset=None,
                                      empty_label=_("Todos"))
    tipo_registro = forms.ModelChoiceField(label=_("Tipo de registro"), required=False, queryset=None,
                                           empty_label=_("Todos"))
    origen = forms.ChoiceField(label=_("Origen"), required=False,
                               choices=[("", _("Todos"))] + list(Entrega.Origen.choices))
    estado = forms.ChoiceField(label=_("Estado"), required=False,
                               choices=[("", _("Todos"))] + list(Entrega.Estado.choices))
    distrito = forms.RegexField(label=_("Ubigeo"), required=False, regex=r"^\d{6}$", max_length=6,
                                error_messages={"invalid": _("El ubigeo tiene 6 dígitos, p. ej. 150122.")})

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operador"].queryset = operadores_de_capturas(usuario=usuario)
        self.fields["operador"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["tipo_registro"].queryset = tipos_de_capturas(usuario=usuario)

        # Solo el administrador ve varios distritos, y el operador solo ve lo que registró.
        if not usuario.es_administrador:
            del self.fields["distrito"]
        if usuario.es_operador:
            del self.fields["operador"]

    def clean(self):
        datos = super().clean()
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde and hasta and desde > hasta:
            self.add_error("hasta", _("La fecha final es anterior a la inicial."))
        return datos

    def filtros(self) -> dict:
        """Devuelve los filtros válidos para `capturas_filtradas`. Un campo con error no filtra."""
        return {campo: valor for campo, valor in self.cleaned_data.items() if valor not in (None, "")}


class MotivoForm(forms.Form):
    motivo = forms.CharField(
        label=_("Motivo"),
        max_length=MAXIMO_MOTIVO,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatorio. Queda en las observaciones y en el historial de la entrega."),
    )
