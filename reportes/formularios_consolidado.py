"""Formularios de la vista consolidada: distrito elegido por el administrador y filtros de cada pestaña."""

from django import forms
from django.utils.translation import gettext_lazy as _

from beneficiarios.models import Beneficiario
from canastas.models import Distrito
from reportes.cifras import Filtros
from reportes.selectores_consolidado import tipos_del_distrito


class ElegirDistritoForm(forms.Form):
    distrito = forms.RegexField(
        label=_("Ubigeo del distrito"), regex=r"^\d{6}$", max_length=6,
        error_messages={"invalid": _("El ubigeo tiene 6 dígitos, p. ej. 150122.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "150122"}),
    )

    def clean_distrito(self) -> Distrito:
        codigo = self.cleaned_data["distrito"]
        distrito = Distrito.objects.filter(pk=codigo).first()
        if distrito is None:
            raise forms.ValidationError(_("No existe un distrito con el ubigeo %(codigo)s."), params={"codigo": codigo})
        return distrito


class FiltroPotencialesForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Documento, apellidos o nombres")}),
    )
    estado = forms.ChoiceField(
        label=_("Estado"), required=False,
        choices=[("", _("Activos y observados"))] + list(Beneficiario.Estado.choices),
    )

    def __init__(self, *args, con_busqueda: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not con_busqueda:
            # Sin búsqueda libre: con ella, un invitado reconstruye documentos y
            # nombres probando dígitos o letras contra la lista enmascarada.
            del self.fields["q"]

    def filtros(self) -> dict:
        """Devuelve los argumentos de `potenciales_del_distrito`. Un campo con error no filtra."""
        datos = self.cleaned_data if self.is_valid() else {}
        return {"busqueda": datos.get("q", ""), "estado": datos.get("estado", "")}


class FiltroEntregasForm(forms.Form):
    tipo_registro = forms.ModelChoiceField(
        label=_("Tipo de registro"), required=False, queryset=None, empty_label=_("Todos")
    )
    desde = forms.DateField(
        label=_("Entregadas desde"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    hasta = forms.DateField(
        label=_("hasta"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, distrito: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tipo_registro"].queryset = tipos_del_distrito(distrito=distrito)

    def clean(self):
        datos = super().clean()
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde and hasta and desde > hasta:
            self.add_error("hasta", _("La fecha final es anterior a la inicial."))
        return datos

    def filtros(self) -> dict:
        """Devuelve los filtros válidos para `hogares_atendidos`. Un campo con error no filtra."""
        self.is_valid()
        return {campo: valor for campo, valor in self.cleaned_data.items() if valor not in (None, "")}

    def filtros_de_cifras(self) -> Filtros:
        filtros = self.filtros()
        tipo = filtros.get("tipo_registro")
        return Filtros(tipo_registro=tipo.pk if tipo else None, desde=filtros.get("desde"), hasta=filtros.get("hasta"))
