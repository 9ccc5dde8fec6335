"""Formularios del mantenimiento de tipos de registro y de su kit."""

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from entregas.models import ProductoKit, TipoRegistro
from entregas.servicios_tipos import AMBITO_DISTRITAL, AMBITO_NACIONAL, CAMPOS_EDITABLES


class FiltroTiposForm(forms.Form):
    estado = forms.ChoiceField(
        label=_("Estado"),
        required=False,
        choices=[("", _("Todos")), ("activos", _("Activos")), ("inactivos", _("Inactivos"))],
    )
    ambito = forms.ChoiceField(
        label=_("Ámbito"),
        required=False,
        choices=[("", _("Todos")), (AMBITO_NACIONAL, _("Nacionales")), (AMBITO_DISTRITAL, _("Distritales"))],
    )

    def activo(self) -> bool | None:
        estado = self.cleaned_data.get("estado") if self.is_valid() else ""
        return {"activos": True, "inactivos": False}.get(estado)

    def ambito_elegido(self) -> str:
        return self.cleaned_data.get("ambito", "") if self.is_valid() else ""


class TipoRegistroForm(forms.ModelForm):
    """Datos del tipo. El distrito y el estado no están aquí: los fija el servicio."""

    class Meta:
        model = TipoRegistro
        fields = CAMPOS_EDITABLES
        widgets = {"descripcion": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self):
        # El servicio revisa el código contra los tipos que ve el mismo distrito, con un
        # mensaje más claro que el genérico de la restricción de la base.
        pass

    def clean_codigo(self):
        # Los códigos se comparan sin distinguir mayúsculas y se guardan en mayúsculas.
        return self.cleaned_data["codigo"].upper()

    def clean_costo_unitario(self):
        costo = self.cleaned_data["costo_unitario"]
        if costo is not None and costo < 0:
            raise forms.ValidationError(_("El costo unitario no puede ser negativo."))
        return costo


class ProductoKitForm(forms.ModelForm):
    class Meta:
        model = ProductoKit
        fields = ["producto", "unidad", "cantidad"]

    def clean_cantidad(self):
        cantidad = self.cleaned_data["cantidad"]
        if cantidad is not None and cantidad <= 0:
            raise forms.ValidationError(_("La cantidad por kit debe ser mayor que cero."))
        return cantidad


class BaseKitFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        vistos = set()
        for formulario in self.forms:
            existente = (formulario.cleaned_data or {}).get("id")
            if existente is not None and existente.tipo_registro_id != self.instance.pk:
                # El campo id acepta cualquier producto de la tabla; uno ajeno llega solo en un POST armado a mano.
                raise forms.ValidationError(
                    _("Una fila del kit no pertenece a este tipo de registro. Vuelva a abrir la página y repita los cambios.")
                )
            if not formulario.cleaned_data or formulario.cleaned_data.get("DELETE"):
                continue
            nombre = formulario.cleaned_data.get("producto", "").strip().upper()
            if nombre in vistos:
                raise forms.ValidationError(
                    _("El producto «%(producto)s» está dos veces en el kit. Deje una sola fila por producto.")
                    % {"producto": formulario.cleaned_data["producto"]}
                )
            vistos.add(nombre)

    def productos(self) -> list[dict]:
        """Filas del kit que quedan (sin las marcadas para quitar ni las vacías), para el servicio."""
        filas = []
        for formulario in self.forms:
            datos = formulario.cleaned_data
            if not datos or datos.get("DELETE"):
                continue
            existente = datos.get("id")
            filas.append(
                {
                    "id": existente.pk if existente else None,
                    "producto": datos["producto"].strip(),
                    "unidad": datos["unidad"].strip(),
                    "cantidad": datos["cantidad"],
                }
            )
        return filas


KitFormSet = inlineformset_factory(
    TipoRegistro,
    ProductoKit,
    form=ProductoKitForm,
    formset=BaseKitFormSet,
    extra=3,
    min_num=1,
    validate_min=True,
    can_delete=True,
)
