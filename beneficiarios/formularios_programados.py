"""Formularios de beneficiarios programados: filtros, datos de la programación y subida de la lista."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from beneficiarios.formularios import FiltroPadronForm
from beneficiarios.models import Beneficiario
from entregas.servicios_tipos import tipos_programables, tipos_visibles


class FiltroHogaresForm(FiltroPadronForm):
    """Filtros del padrón para elegir hogares. Los hogares de baja no se programan."""

    estado = forms.ChoiceField(
        label=_("Estado"),
        required=False,
        choices=[
            ("", _("Todos")),
            (Beneficiario.Estado.ACTIVO, Beneficiario.Estado.ACTIVO.label),
            (Beneficiario.Estado.OBSERVADO, Beneficiario.Estado.OBSERVADO.label),
        ],
    )
    centro_poblado = forms.CharField(label=_("Centro poblado"), required=False, max_length=100)

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        if not usuario.es_administrador:
            del self.fields["distrito"]

    def filtros(self) -> dict:
        """Argumentos para `hogares_programables`; vacío si algún filtro es inválido."""
        if not self.is_valid():
            return {}
        datos = self.cleaned_data
        return {
            "busqueda": datos.get("q", ""),
            "estado": datos.get("estado", ""),
            "sexo": datos.get("sexo", ""),
            "centro_poblado": datos.get("centro_poblado", ""),
            "distrito": datos.get("distrito", ""),
        }


class DatosProgramacionForm(forms.Form):
    tipo_registro = forms.ModelChoiceField(
        label=_("Tipo de registro"), queryset=None, empty_label=_("Elija el tipo de registro")
    )
    fecha_programada = forms.DateField(
        label=_("Fecha programada"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    punto_entrega = forms.CharField(
        label=_("Punto de entrega"),
        required=False,
        max_length=200,
        help_text=_("Opcional. Local, plaza o dirección donde se entregará la canasta."),
    )

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        # Solo tipos activos que el usuario puede usar; un id ajeno enviado a mano no valida.
        self.fields["tipo_registro"].queryset = tipos_programables(usuario=usuario)

    def datos(self) -> dict:
        return {
            "tipo_registro": self.cleaned_data["tipo_registro"],
            "fecha_programada": self.cleaned_data["fecha_programada"],
            "punto_entrega": self.cleaned_data["punto_entrega"].strip(),
        }


class SubirProgramadosForm(DatosProgramacionForm):
    archivo = forms.FileField(
        label=_("Lista de documentos"),
        help_text=_(
            "Excel (.xlsx o .xls) o CSV con una columna de DNI (encabezado «DNI» o sin encabezado). "
            "Puede agregar una columna «tipo_documento» con DNI o CE."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv,.ods"}),
    )

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


class FiltroProgramadosForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Documento, apellidos o nombres")}),
    )
    tipo_registro = forms.ModelChoiceField(label=_("Tipo de registro"), queryset=None, required=False,
                                           empty_label=_("Todos"))
    fecha = forms.DateField(
        label=_("Fecha programada"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    entregado = forms.ChoiceField(
        label=_("¿Entregado?"), required=False, choices=[("", _("Todos")), ("si", _("Sí")), ("no", _("No"))]
    )

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tipo_registro"].queryset = tipos_visibles(usuario=usuario)

    def filtros(self) -> dict:
        """Argumentos para `programaciones_visibles`; vacío si algún filtro es inválido."""
        if not self.is_valid():
            return {}
        datos = self.cleaned_data
        return {
            "tipo_registro": datos.get("tipo_registro"),
            "fecha": datos.get("fecha"),
            "entregado": {"si": True, "no": False}.get(datos.get("entregado")),
            "busqueda": datos.get("q", ""),
        }
