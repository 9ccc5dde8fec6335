"""Formularios para pedir los archivos para entes de control y para filtrar los ya generados."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canastas.models import Departamento, Distrito
from entregas.selectores import tipos_visibles
from reportes.archivos.selectores import VIERNES, Periodo, ultimo_viernes
from reportes.models import ArchivoGenerado

_MENSAJES_UBIGEO = {
    "invalid_choice": _("No existe un distrito con el ubigeo «%(value)s». Escriba 6 dígitos, p. ej. 150122."),
    "required": _("Escriba el ubigeo del distrito, p. ej. 150122."),
}


def _campo_distrito(requerido: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Distrito (ubigeo)"),
        queryset=Distrito.objects.select_related("provincia__departamento"),
        required=requerido,
        widget=forms.TextInput(attrs={"placeholder": _("Ubigeo, p. ej. 150122"), "inputmode": "numeric"}),
        error_messages=_MENSAJES_UBIGEO,
    )


def _campo_tipo_registro() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Tipo de registro"),
        queryset=None,
        required=False,
        empty_label=_("Todos los tipos de registro"),
        help_text=_("Opcional: deje «Todos» para incluir todas las campañas."),
    )



# Las entregas de canastas empezaron con la emergencia de 2020; una fecha anterior es un error de tipeo.
PRIMER_CORTE = datetime.date(2020, 1, 1)


def _exigir_desde_2020(fecha) -> None:
    if fecha < PRIMER_CORTE:
        raise forms.ValidationError(
            _("La fecha de corte %(fecha)s es anterior al 01/01/2020, cuando empezaron las entregas. Revise el año."),
            params={"fecha": f"{fecha.day:02d}/{fecha.month:02d}/{fecha.year:04d}"},
        )


class _PedidoArchivoForm(forms.Form):
    """Campos comunes: el distrito solo lo elige el administrador; el subadministrador pide el suyo."""

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        self.usuario = usuario
        self.fields["tipo_registro"].queryset = tipos_visibles(usuario=usuario, solo_activos=False)
        if not usuario.es_administrador:
            del self.fields["distrito"]

    def clean_fecha_corte(self):
        fecha = self.cleaned_data["fecha_corte"]
        _exigir_desde_2020(fecha)
        hoy = timezone.localdate()
        if fecha > hoy:
            raise forms.ValidationError(
                _("La fecha de corte %(fecha)s está en el futuro. Elija una fecha hasta hoy, %(hoy)s."),
                params={"fecha": f"{fecha:%d/%m/%Y}", "hoy": f"{hoy:%d/%m/%Y}"},
            )
        return fecha

    def clean(self):
        datos = super().clean()
        if self._en_preparacion() >= settings.CANASTAS_ARCHIVOS_EN_PREPARACION:
            raise forms.ValidationError(
                _("Ya tiene %(cantidad)s archivos en preparación. Espere a que terminen (la lista de archivos "
                  "muestra su avance) y vuelva a pedir este."),
                params={"cantidad": settings.CANASTAS_ARCHIVOS_EN_PREPARACION},
            )
        return datos

    def _en_preparacion(self) -> int:
        """Archivos del usuario en cola o generándose en la última hora; uno más viejo se da por trabado."""
        hace_una_hora = timezone.now() - datetime.timedelta(hours=1)
        return ArchivoGenerado.objects.with_scopes_disabled().filter(
            creado_por=self.usuario, creado__gte=hace_una_hora,
            estado__in=[ArchivoGenerado.Estado.PENDIENTE, ArchivoGenerado.Estado.GENERANDO],
        ).count()

    def distrito_elegido(self) -> Distrito | None:
        if self.usuario.es_administrador:
            return self.cleaned_data.get("distrito")
        return self.usuario.distrito

    def _exigir_tipo_del_ambito(self, distritos_validos: set[str] | None, departamento_id: str | None = None) -> None:
        """Un tipo de registro de distrito solo sirve para un archivo que incluya ese distrito."""
        tipo = self.cleaned_data.get("tipo_registro")
        if tipo is None or tipo.distrito_id is None:
            return
        if distritos_validos is not None and tipo.distrito_id in distritos_validos:
            return
        if departamento_id is not None and tipo.distrito_id.startswith(departamento_id):
            return
        self.add_error(
            "tipo_registro",
            _("El tipo de registro «%(tipo)s» es del distrito %(distrito)s, que no está en este archivo. "
              "Elija un tipo nacional o uno del distrito del archivo.") % {"tipo": tipo.nombre, "distrito": tipo.distrito_id},
        )


class ContraloriaForm(_PedidoArchivoForm):
    distrito = _campo_distrito(requerido=True)
    fecha_corte = forms.DateField(
        label=_("Viernes de corte"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Entran las entregas hasta las 23:59 de ese viernes, hora de Lima."),
    )
    periodo = forms.ChoiceField(
        label=_("Entregas que entran"), choices=Periodo.OPCIONES, initial=Periodo.ACUMULADO, widget=forms.RadioSelect
    )
    tipo_registro = _campo_tipo_registro()

    def __init__(self, *args, usuario, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("fecha_corte", ultimo_viernes(timezone.localdate()))
        super().__init__(*args, usuario=usuario, **kwargs)

    def clean_fecha_corte(self):
        fecha = self.cleaned_data["fecha_corte"]
        _exigir_desde_2020(fecha)
        if fecha.weekday() != VIERNES:
            raise forms.ValidationError(
                _("El %(fecha)s no es viernes: el corte semanal es un viernes. El viernes anterior es el %(viernes)s."),
                params={"fecha": f"{fecha:%d/%m/%Y}", "viernes": f"{ultimo_viernes(fecha):%d/%m/%Y}"},
            )
        return super().clean_fecha_corte()

    def clean(self):
        datos = super().clean()
        distrito = self.distrito_elegido()
        if distrito is not None:
            self._exigir_tipo_del_ambito({distrito.codigo})
        return datos


class Ambito:
    DISTRITO = "distrito"
    DEPARTAMENTO = "departamento"

    OPCIONES = [(DISTRITO, _("Un distrito")), (DEPARTAMENTO, _("Un departamento entero (una fila por distrito)"))]


class IndeciForm(_PedidoArchivoForm):
    ambito = forms.ChoiceField(label=_("Ámbito"), choices=Ambito.OPCIONES, initial=Ambito.DISTRITO,
                               widget=forms.RadioSelect)
    distrito = _campo_distrito(requerido=False)
    departamento = forms.ModelChoiceField(
        label=_("Departamento"), queryset=Departamento.objects.all(), required=False,
        empty_label=_("Elija un departamento"),
    )
    fecha_corte = forms.DateField(
        label=_("Fecha de corte"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Entran las entregas hasta las 23:59 de ese día, hora de Lima."),
    )
    tipo_registro = _campo_tipo_registro()

    def __init__(self, *args, usuario, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("fecha_corte", ultimo_viernes(timezone.localdate()))
        super().__init__(*args, usuario=usuario, **kwargs)
        if not usuario.es_administrador:
            del self.fields["ambito"]
            del self.fields["departamento"]

    def ambito_elegido(self) -> str:
        if not self.usuario.es_administrador:
            return Ambito.DISTRITO
        return self.cleaned_data.get("ambito") or Ambito.DISTRITO

    def clean(self):
        datos = super().clean()
        if not self.usuario.es_administrador:
            self._exigir_tipo_del_ambito({self.usuario.distrito_id})
            return datos

        if self.ambito_elegido() == Ambito.DISTRITO:
            if datos.get("distrito") is None and "distrito" not in self.errors:
                self.add_error("distrito", _("Escriba el ubigeo del distrito, p. ej. 150122."))
            datos["departamento"] = None
            if datos.get("distrito") is not None:
                self._exigir_tipo_del_ambito({datos["distrito"].codigo})
        else:
            if datos.get("departamento") is None:
                self.add_error("departamento", _("Elija el departamento del archivo."))
            datos["distrito"] = None
            if datos.get("departamento") is not None:
                self._exigir_tipo_del_ambito(None, datos["departamento"].codigo)
        return datos


class FiltroArchivosForm(forms.Form):
    tipo = forms.ChoiceField(label=_("Archivo"), required=False,
                             choices=[("", _("Todos"))] + list(ArchivoGenerado.Tipo.choices))
    estado = forms.ChoiceField(label=_("Estado"), required=False,
                               choices=[("", _("Todos"))] + list(ArchivoGenerado.Estado.choices))
    distrito = forms.RegexField(label=_("Ubigeo"), required=False, regex=r"^\d{6}$", max_length=6,
                                error_messages={"invalid": _("El ubigeo tiene 6 dígitos, p. ej. 150122.")})
    corte_desde = forms.DateField(label=_("Corte desde"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    corte_hasta = forms.DateField(label=_("Corte hasta"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        # El subadministrador solo ve los archivos de su distrito: no hay otro que elegir.
        if not usuario.es_administrador:
            del self.fields["distrito"]

    def clean(self):
        datos = super().clean()
        desde, hasta = datos.get("corte_desde"), datos.get("corte_hasta")
        if desde and hasta and desde > hasta:
            raise forms.ValidationError(_("«Corte desde» es posterior a «Corte hasta». Corrija el rango."))
        return datos


def fecha_de_texto(texto: str | None) -> datetime.date | None:
    """Fecha ISO de un parámetro GET (para volver a pedir un archivo con sus filtros), o None."""
    try:
        return datetime.date.fromisoformat(texto or "")
    except ValueError:
        return None
