"""Resumen por distrito que alimenta los reportes, y archivos generados para los entes de control.

Las tablas de resumen las mantienen disparadores de PostgreSQL (migración 0002): así cuadran con el
detalle por cualquier camino que escriba (vista, API, carga masiva, COPY, SQL a mano).
La aplicación nunca las escribe.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class ResumenPadron(models.Model):
    """Hogares y personas del padrón de un distrito (sin los dados de baja)."""

    distrito = models.OneToOneField("canastas.Distrito", on_delete=models.CASCADE, primary_key=True)
    hogares = models.IntegerField(default=0)
    personas = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("resumen del padrón")
        verbose_name_plural = _("resúmenes del padrón")


class ResumenTipo(models.Model):
    """Cifras de un distrito para un tipo de registro, sin corte de fechas."""

    distrito = models.ForeignKey("canastas.Distrito", on_delete=models.CASCADE, related_name="+")
    tipo_registro = models.ForeignKey("entregas.TipoRegistro", on_delete=models.CASCADE, related_name="+")
    programados = models.IntegerField(default=0)
    programados_entregados = models.IntegerField(default=0)
    entregas_app = models.IntegerField(default=0)
    entregas_web = models.IntegerField(default=0)
    entregas_carga = models.IntegerField(default=0)
    personas = models.BigIntegerField(default=0)
    observadas = models.IntegerField(default=0)
    ultima_fecha = models.DateField(null=True)

    class Meta:
        verbose_name = _("resumen por tipo de registro")
        verbose_name_plural = _("resúmenes por tipo de registro")
        constraints = [models.UniqueConstraint(fields=["distrito", "tipo_registro"], name="resumen_tipo_unico")]


class ResumenDiario(models.Model):
    """Entregas de un distrito, tipo de registro y día (hora de Lima): sirve los filtros por fecha."""

    distrito = models.ForeignKey("canastas.Distrito", on_delete=models.CASCADE, related_name="+")
    tipo_registro = models.ForeignKey("entregas.TipoRegistro", on_delete=models.CASCADE, related_name="+")
    fecha = models.DateField()
    entregas_app = models.IntegerField(default=0)
    entregas_web = models.IntegerField(default=0)
    entregas_carga = models.IntegerField(default=0)
    personas = models.BigIntegerField(default=0)
    observadas = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("resumen diario")
        verbose_name_plural = _("resúmenes diarios")
        constraints = [
            models.UniqueConstraint(fields=["distrito", "tipo_registro", "fecha"], name="resumen_diario_unico")
        ]
        indexes = [models.Index(fields=["fecha", "distrito"])]


class ArchivoGenerado(models.Model):
    """Un archivo para la Contraloría o el INDECI, con su manifiesto (filtros, conteos, totales, sha256)."""

    class Tipo(models.TextChoices):
        CONTRALORIA = "contraloria", _("Archivo Contraloría")
        INDECI = "indeci", _("Archivo INDECI")
        # Exportaciones XLSX grandes de las listas, generadas en segundo plano.
        ENTREGAS = "entregas", _("Exportación de entregas")
        PADRON = "padron", _("Exportación del padrón")

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("En cola")
        GENERANDO = "generando", _("Generando")
        LISTO = "listo", _("Listo")
        FALLIDO = "fallido", _("Falló")

    tipo = models.CharField(_("tipo de archivo"), max_length=12, choices=Tipo.choices)
    estado = models.CharField(_("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    # Archivo de un distrito (Contraloría, INDECI distrital) o de un departamento (INDECI regional).
    distrito = models.ForeignKey(
        "canastas.Distrito", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("distrito")
    )
    departamento = models.ForeignKey(
        "canastas.Departamento", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("departamento")
    )
    fecha_corte = models.DateField(_("fecha de corte"))
    parametros = models.JSONField(_("filtros"), default=dict)
    filas = models.IntegerField(_("filas"), default=0)
    totales = models.JSONField(_("totales"), default=dict)
    sha256 = models.CharField(max_length=64, blank=True)
    archivo = models.FileField(_("archivo"), upload_to="generados/%Y/%m/", blank=True)
    progreso = models.PositiveSmallIntegerField(_("progreso"), default=0)
    mensaje_error = models.TextField(_("mensaje de error"), blank=True)
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("generado por")
    )
    creado = models.DateTimeField(_("solicitado"), auto_now_add=True)
    terminado = models.DateTimeField(_("terminado"), null=True, blank=True)

    objects = ScopedManager(distrito="distrito")

    class Meta:
        ordering = ["-creado", "-id"]
        verbose_name = _("archivo generado")
        verbose_name_plural = _("archivos generados")

    def __str__(self):
        return f"{self.get_tipo_display()} · corte {self.fecha_corte:%d/%m/%Y}"
