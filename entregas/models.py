"""Tipos de registro (campañas), beneficiarios programados y entregas con su evidencia."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class TipoRegistro(models.Model):
    """Una campaña o clase de entrega, p. ej. «Canasta DU 033-2020 — 1.ª entrega».

    Sin distrito es nacional y la ven todos los distritos. No lleva ScopedManager
    porque el filtro de django-scopes (`distrito__in`) no puede incluir los
    nacionales (distrito NULL); `entregas.selectores.tipos_visibles` filtra a mano.
    """

    distrito = models.ForeignKey(
        "canastas.Distrito", on_delete=models.PROTECT, null=True, blank=True,
        related_name="tipos_registro", verbose_name=_("distrito"),
        help_text=_("Vacío: tipo nacional, disponible para todos los distritos."),
    )
    nombre = models.CharField(_("nombre"), max_length=150)
    codigo = models.SlugField(_("código"), max_length=40, help_text=_("Código corto para cargas masivas, p. ej. DU033-1"))
    descripcion = models.TextField(_("descripción"), blank=True)
    costo_unitario = models.DecimalField(_("costo unitario (S/)"), max_digits=10, decimal_places=2, default=0)
    fuente_financiamiento = models.CharField(_("fuente de financiamiento"), max_length=150, blank=True)
    tipo_bien = models.CharField(_("tipo de bien"), max_length=100, default="Canasta de víveres")
    activo = models.BooleanField(_("activo"), default=True)
    creado = models.DateTimeField(_("creado"), auto_now_add=True)

    class Meta:
        ordering = ["-activo", "nombre"]
        verbose_name = _("tipo de registro")
        verbose_name_plural = _("tipos de registro")
        constraints = [
            models.UniqueConstraint(fields=["distrito", "codigo"], name="tipo_registro_codigo_unico_distrito"),
            models.UniqueConstraint(
                fields=["codigo"], condition=Q(distrito__isnull=True), name="tipo_registro_codigo_unico_nacional"
            ),
        ]

    def __str__(self):
        return self.nombre

    @property
    def es_nacional(self) -> bool:
        return self.distrito_id is None


class ProductoKit(models.Model):
    """Un producto del kit de un tipo de registro, con su unidad y cantidad por kit."""

    tipo_registro = models.ForeignKey(TipoRegistro, on_delete=models.CASCADE, related_name="productos")
    producto = models.CharField(_("producto"), max_length=100)
    unidad = models.CharField(_("unidad"), max_length=30)
    cantidad = models.DecimalField(_("cantidad por kit"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["id"]
        verbose_name = _("producto del kit")
        verbose_name_plural = _("productos del kit")

    def __str__(self):
        return f"{self.producto} ({self.cantidad} {self.unidad})"


class Programacion(models.Model):
    """Un hogar del padrón programado para recibir un tipo de registro."""

    beneficiario = models.ForeignKey(
        "beneficiarios.Beneficiario", on_delete=models.PROTECT, related_name="programaciones",
        verbose_name=_("beneficiario"),
    )
    tipo_registro = models.ForeignKey(
        TipoRegistro, on_delete=models.PROTECT, related_name="programaciones", verbose_name=_("tipo de registro")
    )
    # Copia del distrito del hogar, para el alcance por distrito y los conteos.
    distrito = models.ForeignKey("canastas.Distrito", on_delete=models.PROTECT, verbose_name=_("distrito"))
    fecha_programada = models.DateField(_("fecha programada"))
    punto_entrega = models.CharField(_("punto de entrega"), max_length=200, blank=True)
    creado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    creado = models.DateTimeField(_("creado"), auto_now_add=True)

    objects = ScopedManager(distrito="distrito")

    class Meta:
        ordering = ["fecha_programada", "id"]
        verbose_name = _("programación")
        verbose_name_plural = _("beneficiarios programados")
        constraints = [
            models.UniqueConstraint(fields=["beneficiario", "tipo_registro"], name="programacion_unica"),
        ]

    def __str__(self):
        return f"{self.beneficiario} · {self.tipo_registro}"


class Entrega(models.Model):
    """Una canasta entregada, con la persona que la recibió, la evidencia y el punto GPS."""

    class TipoEntrega(models.TextChoices):
        DOMICILIO = "domicilio", _("Domicilio")
        PUNTO = "punto", _("Punto de entrega")
        COMUNIDAD = "comunidad", _("Comunidad")

    class Origen(models.TextChoices):
        APP = "app", _("Aplicativo")
        WEB = "web", _("Web")
        CARGA_MASIVA = "carga_masiva", _("Carga masiva")

    class Estado(models.TextChoices):
        VALIDA = "valida", _("Válida")
        OBSERVADA = "observada", _("Observada")
        ANULADA = "anulada", _("Anulada")

    uuid_cliente = models.UUIDField(_("identificador del cliente"), unique=True, default=uuid.uuid4)
    beneficiario = models.ForeignKey(
        "beneficiarios.Beneficiario", on_delete=models.PROTECT, null=True, blank=True,
        related_name="entregas", verbose_name=_("beneficiario"),
    )
    tipo_registro = models.ForeignKey(
        TipoRegistro, on_delete=models.PROTECT, related_name="entregas", verbose_name=_("tipo de registro")
    )
    distrito = models.ForeignKey("canastas.Distrito", on_delete=models.PROTECT, verbose_name=_("distrito"))
    operador = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="entregas", verbose_name=_("registrado por")
    )

    # Persona que recibe (del padrón o, si no está, con motivo de inclusión).
    tipo_documento = models.CharField(_("tipo de documento"), max_length=3)
    numero_documento = models.CharField(_("número de documento"), max_length=20)
    nombres_receptor = models.CharField(_("nombres y apellidos de quien recibe"), max_length=200)
    direccion = models.CharField(_("dirección"), max_length=200, blank=True)
    telefono = models.CharField(_("teléfono"), max_length=9, blank=True)
    motivo_inclusion = models.TextField(_("motivo de inclusión"), blank=True)

    tipo_entrega = models.CharField(_("tipo de entrega"), max_length=12, choices=TipoEntrega.choices)
    miembros_0_5 = models.PositiveSmallIntegerField(_("miembros de 0 a 5 años"), default=0)
    miembros_6_17 = models.PositiveSmallIntegerField(_("miembros de 6 a 17 años"), default=0)
    miembros_18_59 = models.PositiveSmallIntegerField(_("miembros de 18 a 59 años"), default=0)
    miembros_60_mas = models.PositiveSmallIntegerField(_("miembros de 60 años a más"), default=0)

    foto_dni_planilla = models.FileField(_("foto del DNI con la planilla firmada"), upload_to="evidencias/%Y/%m/", blank=True)
    sha256_dni_planilla = models.CharField(max_length=64, blank=True)
    foto_beneficiario = models.FileField(_("foto de la persona"), upload_to="evidencias/%Y/%m/", blank=True)
    sha256_beneficiario = models.CharField(max_length=64, blank=True)
    consentimiento_foto = models.BooleanField(_("consintió la foto"), default=False)

    latitud = models.DecimalField(_("latitud"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitud = models.DecimalField(_("longitud"), max_digits=9, decimal_places=6, null=True, blank=True)
    precision_m = models.PositiveIntegerField(_("precisión (m)"), null=True, blank=True)

    fecha_entrega = models.DateTimeField(_("fecha y hora de entrega (dispositivo)"))
    registrado = models.DateTimeField(_("registrado en el servidor"), auto_now_add=True)
    dispositivo = models.CharField(_("dispositivo"), max_length=200, blank=True)
    origen = models.CharField(_("origen"), max_length=12, choices=Origen.choices)
    estado = models.CharField(_("estado"), max_length=10, choices=Estado.choices, default=Estado.VALIDA)
    observaciones = models.TextField(_("observaciones"), blank=True)
    importacion = models.ForeignKey(
        "beneficiarios.Importacion", on_delete=models.PROTECT, null=True, blank=True, related_name="entregas"
    )

    objects = ScopedManager(distrito="distrito")

    class Meta:
        ordering = ["-fecha_entrega", "-id"]
        verbose_name = _("entrega")
        verbose_name_plural = _("entregas")
        constraints = [
            # Una canasta por hogar y campaña; una entrega anulada deja el lugar libre.
            models.UniqueConstraint(
                fields=["beneficiario", "tipo_registro"],
                condition=Q(beneficiario__isnull=False) & ~Q(estado="anulada"),
                name="entrega_una_por_hogar_y_tipo",
            ),
            models.UniqueConstraint(
                fields=["tipo_documento", "numero_documento", "tipo_registro"],
                condition=Q(beneficiario__isnull=True) & ~Q(estado="anulada"),
                name="entrega_fuera_de_padron_una_por_tipo",
            ),
        ]
        indexes = [
            models.Index(fields=["distrito", "tipo_registro", "estado"]),
            models.Index(fields=["distrito", "fecha_entrega"]),
        ]

    def __str__(self):
        return f"Entrega {self.pk} · {self.numero_documento} · {self.tipo_registro}"

    @property
    def personas(self) -> int:
        return self.miembros_0_5 + self.miembros_6_17 + self.miembros_18_59 + self.miembros_60_mas

    @property
    def documento_enmascarado(self) -> str:
        """El número con solo sus dos últimos dígitos visibles, para el invitado."""
        return "•" * max(len(self.numero_documento) - 2, 0) + self.numero_documento[-2:]

    @property
    def fuera_de_padron(self) -> bool:
        return self.beneficiario_id is None
