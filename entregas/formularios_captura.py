"""Formularios de la captura web: búsqueda del hogar (paso 1) y datos de la entrega (paso 2).

Solo limpian y dan forma a lo que escribe el operador; las reglas las aplica
`entregas.servicios.entrega_registrar`.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiarios.models import TipoDocumento
from entregas.evidencias import FotoRechazada, evidencia_revisar
from entregas.models import Entrega
from entregas.selectores import tipos_visibles
from entregas.servicios import DatosEntrega

MAXIMO_MIEMBROS = 30

# Código de rechazo del servicio → campo del formulario donde se muestra el mensaje.
CAMPO_DEL_RECHAZO = {
    "foto-requerida": "foto_dni_planilla",
    "foto-sin-consentimiento": "foto_beneficiario",
    "motivo-requerido": "motivo_inclusion",
    "nombres-requeridos": "nombres_receptor",
    "direccion-requerida": "direccion",
    "telefono-invalido": "telefono",
    "tipo-entrega-invalido": "tipo_entrega",
    "miembros-invalido": "miembros_18_59",
    "fecha-futura": "fecha_entrega",
    "fecha-antigua": "fecha_entrega",
    "fecha-invalida": "fecha_entrega",
}


class BusquedaHogarForm(forms.Form):
    tipo_registro = forms.ModelChoiceField(
        label=_("Tipo de registro"), queryset=None, empty_label=_("Elija la campaña"),
    )
    tipo_documento = forms.ChoiceField(label=_("Tipo de documento"), choices=TipoDocumento.choices, initial="DNI")
    numero = forms.CharField(
        label=_("Número de documento"), max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "autofocus": True}),
    )

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        tipos = tipos_visibles(usuario=usuario)
        self.fields["tipo_registro"].queryset = tipos
        if len(tipos) == 1:
            self.fields["tipo_registro"].initial = tipos[0].pk


class CapturaForm(forms.Form):
    """Paso 2: secciones General, Observación y Adjunto del aplicativo de campo, más el punto GPS."""

    # Lo que fijó el paso 1; viaja oculto y el servicio lo vuelve a comprobar.
    tipo_registro = forms.IntegerField(widget=forms.HiddenInput)
    tipo_documento = forms.ChoiceField(choices=TipoDocumento.choices, widget=forms.HiddenInput)
    numero_documento = forms.CharField(max_length=30, widget=forms.HiddenInput)
    fuera_padron = forms.BooleanField(required=False, widget=forms.HiddenInput)
    uuid_cliente = forms.UUIDField(required=False, widget=forms.HiddenInput(attrs={"id": "uuid-cliente"}))
    dispositivo = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput(attrs={"id": "dispositivo"}))

    # General
    nombres_receptor = forms.CharField(label=_("Nombres y apellidos de quien recibe"), max_length=200, required=False)
    direccion = forms.CharField(label=_("Dirección"), max_length=200, required=False)
    telefono = forms.CharField(
        label=_("Teléfono (celular)"), max_length=15, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    motivo_inclusion = forms.CharField(
        label=_("Motivo de inclusión"), required=False, max_length=2000,
        help_text=_("Por qué recibe aunque no figura en el padrón. La entrega quedará observada."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # Observación
    tipo_entrega = forms.ChoiceField(
        label=_("Tipo de entrega"), choices=Entrega.TipoEntrega.choices, initial=Entrega.TipoEntrega.DOMICILIO,
        widget=forms.RadioSelect,
    )
    miembros_0_5 = forms.IntegerField(label=_("De 0 a 5 años"), min_value=0, max_value=MAXIMO_MIEMBROS, initial=0)
    miembros_6_17 = forms.IntegerField(label=_("De 6 a 17 años"), min_value=0, max_value=MAXIMO_MIEMBROS, initial=0)
    miembros_18_59 = forms.IntegerField(label=_("De 18 a 59 años"), min_value=0, max_value=MAXIMO_MIEMBROS, initial=1)
    miembros_60_mas = forms.IntegerField(label=_("De 60 años a más"), min_value=0, max_value=MAXIMO_MIEMBROS, initial=0)
    observaciones = forms.CharField(
        label=_("Observaciones"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    # Adjunto
    foto_dni_planilla = forms.FileField(
        label=_("Foto del DNI junto a la planilla firmada"),
        help_text=_("Una sola foto donde se lean el DNI y la firma o huella en la planilla."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    consentimiento_foto = forms.BooleanField(
        label=_("La persona consiente que se le tome una foto"), required=False,
        widget=forms.CheckboxInput(attrs={"id": "consentimiento-foto"}),
    )
    foto_beneficiario = forms.FileField(
        label=_("Foto de la persona"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    # Punto GPS y hora: los llena static/js/captura.js
    # FloatField y no DecimalField: el navegador manda hasta 15 decimales y el servicio redondea a 6.
    latitud = forms.FloatField(required=False, widget=forms.HiddenInput(attrs={"id": "latitud"}))
    longitud = forms.FloatField(required=False, widget=forms.HiddenInput(attrs={"id": "longitud"}))
    precision_m = forms.FloatField(required=False, min_value=0, widget=forms.HiddenInput(attrs={"id": "precision"}))
    fecha_entrega = forms.DateTimeField(
        label=_("Fecha y hora de la entrega"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "id": "fecha-entrega"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fecha_entrega"].initial = timezone.localtime().replace(second=0, microsecond=0)

    @property
    def es_fuera_de_padron(self) -> bool:
        """Si la entrega es de alguien que no figura en el padrón (pide motivo de inclusión)."""
        if self.is_bound:
            return self.fields["fuera_padron"].to_python(self.data.get("fuera_padron"))
        return bool(self.initial.get("fuera_padron"))

    def clean_foto_dni_planilla(self):
        return _foto_revisada(self.cleaned_data["foto_dni_planilla"])

    def clean_foto_beneficiario(self):
        return _foto_revisada(self.cleaned_data["foto_beneficiario"])

    def clean(self):
        datos = super().clean()
        if datos.get("fuera_padron") and not (datos.get("motivo_inclusion") or "").strip():
            self.add_error("motivo_inclusion", _("Escriba el motivo de inclusión de quien no figura en el padrón."))
        if datos.get("foto_beneficiario") and not datos.get("consentimiento_foto"):
            self.add_error(
                "foto_beneficiario",
                _("Marque el consentimiento de la persona o quite su foto: sin consentimiento no se guarda."),
            )
        return datos

    def datos_entrega(self, *, uuid_cliente) -> DatosEntrega:
        """Arma los datos del servicio con lo validado; `uuid_cliente` llega del navegador o del servidor."""
        datos = self.cleaned_data
        return DatosEntrega(
            uuid_cliente=uuid_cliente,
            tipo_documento=datos["tipo_documento"],
            numero_documento=datos["numero_documento"],
            fecha_entrega=datos["fecha_entrega"],
            tipo_entrega=datos["tipo_entrega"],
            nombres_receptor=datos["nombres_receptor"],
            direccion=datos["direccion"],
            telefono=datos["telefono"],
            miembros_0_5=datos["miembros_0_5"],
            miembros_6_17=datos["miembros_6_17"],
            miembros_18_59=datos["miembros_18_59"],
            miembros_60_mas=datos["miembros_60_mas"],
            consentimiento_foto=datos["consentimiento_foto"],
            latitud=datos["latitud"],
            longitud=datos["longitud"],
            precision_m=datos["precision_m"],
            dispositivo=datos["dispositivo"],
            motivo_inclusion=datos["motivo_inclusion"] if datos["fuera_padron"] else "",
            observaciones=datos["observaciones"],
        )

    def agregar_rechazo(self, rechazo) -> None:
        """Muestra el mensaje de `EntregaRechazada` junto al campo que lo causó, o arriba del formulario."""
        self.add_error(CAMPO_DEL_RECHAZO.get(rechazo.codigo), rechazo.mensaje)


def _foto_revisada(archivo):
    # Revisión temprana para mostrar el error junto al campo; el servicio la repite al guardar.
    if archivo:
        try:
            evidencia_revisar(archivo)
        except FotoRechazada as rechazo:
            raise forms.ValidationError(rechazo.mensaje, code=rechazo.codigo) from None
    return archivo
