"""Filtros de los reportes: tipo de registro, rango de fechas y, en el Reporte General, territorio y avance."""

from django import forms
from django.utils.translation import gettext_lazy as _

from canastas.models import Departamento, Provincia
from entregas.selectores import tipos_visibles
from reportes.cifras import Filtros


class FiltroReporteForm(forms.Form):
    tipo_registro = forms.ModelChoiceField(
        label=_("Tipo de registro"), queryset=None, required=False, empty_label=_("Todos")
    )
    desde = forms.DateField(label=_("Entregas desde"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hasta = forms.DateField(label=_("hasta"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tipo_registro"].queryset = tipos_visibles(usuario=usuario, solo_activos=False).order_by("nombre")

    def clean(self):
        datos = super().clean()
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde and hasta and desde > hasta:
            raise forms.ValidationError(_("La fecha «desde» no puede ser posterior a la fecha «hasta»."))
        return datos

    def filtros(self) -> Filtros:
        """Los filtros válidos; con errores, ninguno (la página muestra el error y las cifras completas)."""
        if not self.is_valid():
            return Filtros()
        tipo = self.cleaned_data.get("tipo_registro")
        return Filtros(
            tipo_registro=tipo.pk if tipo else None,
            desde=self.cleaned_data.get("desde"),
            hasta=self.cleaned_data.get("hasta"),
        )


class FiltroGeneralForm(FiltroReporteForm):
    departamento = forms.ModelChoiceField(
        label=_("Departamento"), queryset=Departamento.objects.order_by("nombre"), required=False,
        empty_label=_("Todos"),
    )
    provincia = forms.ModelChoiceField(
        label=_("Provincia"), queryset=Provincia.objects.select_related("departamento").order_by("codigo"),
        required=False, empty_label=_("Todas"),
    )
    avance_min = forms.DecimalField(label=_("% de avance desde"), required=False, min_value=0, max_value=100)
    avance_max = forms.DecimalField(label=_("% de avance hasta"), required=False, min_value=0, max_value=100)
    mostrar = forms.ChoiceField(
        label=_("Mostrar"), required=False,
        choices=[("con_datos", _("Distritos con padrón, programados o entregas")), ("todos", _("Todos los distritos"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provincia"].label_from_instance = lambda p: f"{p.departamento.nombre} / {p.nombre}"

    def clean(self):
        datos = super().clean()
        departamento, provincia = datos.get("departamento"), datos.get("provincia")
        if departamento and provincia and provincia.departamento_id != departamento.codigo:
            self.add_error("provincia", _("La provincia elegida no pertenece al departamento elegido."))
        minimo, maximo = datos.get("avance_min"), datos.get("avance_max")
        if minimo is not None and maximo is not None and minimo > maximo:
            self.add_error("avance_max", _("El máximo de avance no puede ser menor que el mínimo."))
        return datos

    def solo_con_datos(self) -> bool:
        if not self.is_bound or not self.is_valid():
            return True
        return self.cleaned_data.get("mostrar") != "todos"

    def prefijo(self) -> str:
        """Ubigeo por el que empiezan los distritos pedidos ("" es todo el país)."""
        if not self.is_valid():
            return ""
        provincia, departamento = self.cleaned_data.get("provincia"), self.cleaned_data.get("departamento")
        if provincia:
            return provincia.codigo
        if departamento:
            return departamento.codigo
        return ""
