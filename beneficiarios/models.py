from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from canastas.texto import texto_busqueda


class TipoDocumento(models.TextChoices):
    DNI = "DNI", _("DNI")
    CE = "CE", _("Carné de extranjería")
    PTP = "PTP", _("PTP / CPP")
    PASAPORTE = "PAS", _("Pasaporte")


class Sexo(models.TextChoices):
    MASCULINO = "M", _("Masculino")
    FEMENINO = "F", _("Femenino")


class Beneficiario(models.Model):
    """Un hogar del padrón, representado por el integrante que recibe la canasta."""

    class Estado(models.TextChoices):
        ACTIVO = "activo", _("Activo")
        OBSERVADO = "observado", _("Observado")
        BAJA = "baja", _("De baja")

    # Sin índice propio: el índice (distrito, apellido_paterno) ya sirve para filtrar
    # por distrito, y cada índice de más encarece la carga masiva del padrón.
    distrito = models.ForeignKey(
        "canastas.Distrito", on_delete=models.PROTECT, related_name="beneficiarios", verbose_name=_("distrito"),
        db_index=False,
    )
    tipo_documento = models.CharField(_("tipo de documento"), max_length=3, choices=TipoDocumento.choices)
    numero_documento = models.CharField(_("número de documento"), max_length=20)
    apellido_paterno = models.CharField(_("apellido paterno"), max_length=100)
    apellido_materno = models.CharField(_("apellido materno"), max_length=100, blank=True)
    nombres = models.CharField(_("nombres"), max_length=100)
    fecha_nacimiento = models.DateField(_("fecha de nacimiento"), null=True, blank=True)
    sexo = models.CharField(_("sexo"), max_length=1, choices=Sexo.choices, blank=True)
    telefono = models.CharField(_("teléfono"), max_length=9, blank=True)
    direccion = models.CharField(_("dirección"), max_length=200)
    referencia = models.CharField(_("referencia"), max_length=200, blank=True)
    centro_poblado = models.CharField(_("centro poblado"), max_length=100, blank=True)
    miembros_hogar = models.PositiveSmallIntegerField(_("miembros del hogar"))
    es_adulto_mayor = models.BooleanField(_("adulto mayor"), default=False)
    tiene_discapacidad = models.BooleanField(_("persona con discapacidad"), default=False)
    es_gestante = models.BooleanField(_("gestante"), default=False)
    fuente = models.CharField(_("fuente"), max_length=100, blank=True)
    estado = models.CharField(_("estado"), max_length=10, choices=Estado.choices, default=Estado.ACTIVO)
    # Apellidos, nombres y documento en mayúsculas y sin tildes, para buscar sin
    # depender de la extensión unaccent (el PostgreSQL embebido no la trae).
    busqueda = models.CharField(max_length=400, editable=False, default="")
    importacion = models.ForeignKey(
        "beneficiarios.Importacion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beneficiarios",
        verbose_name=_("importación de origen"),
    )
    creado = models.DateTimeField(_("creado"), auto_now_add=True)
    modificado = models.DateTimeField(_("modificado"), auto_now=True)

    objects = ScopedManager(distrito="distrito")

    class Meta:
        ordering = ["apellido_paterno", "apellido_materno", "nombres", "id"]
        verbose_name = _("beneficiario")
        verbose_name_plural = _("beneficiarios")
        constraints = [
            models.UniqueConstraint(
                fields=["tipo_documento", "numero_documento"], name="beneficiario_documento_unico"
            ),
            models.CheckConstraint(
                name="beneficiario_miembros_1_30",
                condition=models.Q(miembros_hogar__gte=1, miembros_hogar__lte=30),
            ),
        ]
        indexes = [models.Index(fields=["distrito", "apellido_paterno"])]

    def __str__(self):
        return f"{self.apellidos}, {self.nombres}"

    def save(self, *args, **kwargs):
        self.busqueda = texto_busqueda(
            self.apellido_paterno, self.apellido_materno, self.nombres, self.numero_documento
        )
        super().save(*args, **kwargs)

    @property
    def apellidos(self) -> str:
        return f"{self.apellido_paterno} {self.apellido_materno}".strip()

    @property
    def documento_enmascarado(self) -> str:
        """El número con solo sus dos últimos dígitos visibles, para el invitado."""
        numero = self.numero_documento
        return "•" * max(len(numero) - 2, 0) + numero[-2:]


class Importacion(models.Model):
    """Un archivo subido al motor de importación, con su estado y sus conteos."""

    class Tipo(models.TextChoices):
        PADRON = "padron", _("Padrón")
        ENTREGAS = "entregas", _("Entregas")

    class Estado(models.TextChoices):
        RECIBIDO = "recibido", _("Recibido")
        VALIDANDO = "validando", _("Validando")
        CON_ERRORES = "con_errores", _("Con errores")
        LISTO = "listo", _("Listo para aplicar")
        APLICANDO = "aplicando", _("Aplicando")
        APLICADO = "aplicado", _("Aplicado")
        DESCARTADO = "descartado", _("Descartado")
        FALLIDO = "fallido", _("Rechazado")

    tipo = models.CharField(_("tipo"), max_length=10, choices=Tipo.choices, default=Tipo.PADRON)
    # Vacío cuando el administrador sube un archivo con filas de varios distritos.
    distrito = models.ForeignKey(
        "canastas.Distrito", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("distrito")
    )
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="importaciones", verbose_name=_("usuario")
    )
    creado = models.DateTimeField(_("subido"), auto_now_add=True)
    archivo = models.FileField(_("archivo"), upload_to="importaciones/%Y/%m/")
    nombre_archivo = models.CharField(_("nombre del archivo"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    tamano = models.PositiveBigIntegerField(_("tamaño (bytes)"), default=0)
    formato = models.CharField(_("formato"), max_length=10, blank=True)
    hoja = models.CharField(_("hoja leída"), max_length=100, blank=True)
    fila_encabezado = models.PositiveIntegerField(_("fila del encabezado"), null=True, blank=True)
    estado = models.CharField(_("estado"), max_length=12, choices=Estado.choices, default=Estado.RECIBIDO)
    codigo_error = models.CharField(_("código de rechazo"), max_length=30, blank=True)
    mensaje = models.TextField(_("mensaje"), blank=True)
    total_filas = models.PositiveIntegerField(_("filas"), default=0)
    filas_procesadas = models.PositiveIntegerField(_("filas revisadas"), default=0)
    validas = models.PositiveIntegerField(_("válidas"), default=0)
    rechazadas = models.PositiveIntegerField(_("rechazadas"), default=0)
    con_advertencias = models.PositiveIntegerField(_("con advertencias"), default=0)
    nuevas = models.PositiveIntegerField(_("nuevas"), default=0)
    duplicadas = models.PositiveIntegerField(_("duplicadas"), default=0)
    insertadas = models.PositiveIntegerField(_("registradas"), default=0)
    aplicado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aplicado por"),
    )
    aplicado_en = models.DateTimeField(_("aplicado"), null=True, blank=True)

    objects = ScopedManager(distrito="distrito")

    class Meta:
        ordering = ["-creado", "-id"]
        verbose_name = _("importación")
        verbose_name_plural = _("importaciones")

    def __str__(self):
        return f"{self.nombre_archivo} ({self.get_estado_display()})"

    @property
    def porcentaje(self) -> int:
        if self.estado in {self.Estado.LISTO, self.Estado.CON_ERRORES, self.Estado.APLICADO}:
            return 100
        if not self.total_filas:
            return 0
        return min(99, self.filas_procesadas * 100 // self.total_filas)

    def avance(self) -> dict:
        """Estado y avance para la barra de progreso de la vista previa (JSON)."""
        return {
            "estado": self.estado,
            "estado_texto": self.get_estado_display(),
            "porcentaje": self.porcentaje,
            "filas_procesadas": self.filas_procesadas,
            "total_filas": self.total_filas,
            "en_proceso": self.en_proceso,
        }

    @property
    def en_proceso(self) -> bool:
        return self.estado in {self.Estado.RECIBIDO, self.Estado.VALIDANDO, self.Estado.APLICANDO}

    @property
    def se_puede_aplicar(self) -> bool:
        return self.estado in {self.Estado.LISTO, self.Estado.CON_ERRORES} and self.nuevas > 0


class ErrorImportacion(models.Model):
    """Un problema de una fila (o del archivo, con fila vacía) encontrado al validar."""

    importacion = models.ForeignKey(Importacion, on_delete=models.CASCADE, related_name="errores")
    fila = models.PositiveIntegerField(_("fila"), null=True, blank=True)
    columna = models.CharField(_("columna"), max_length=60, blank=True)
    valor = models.CharField(_("valor"), max_length=200, blank=True)
    codigo = models.CharField(_("código"), max_length=30)
    mensaje = models.TextField(_("mensaje"))
    es_advertencia = models.BooleanField(_("advertencia"), default=False)

    class Meta:
        ordering = ["fila", "id"]
        verbose_name = _("error de importación")
        verbose_name_plural = _("errores de importación")
        indexes = [models.Index(fields=["importacion", "fila"])]

    def __str__(self):
        return f"Fila {self.fila}: {self.codigo}"


class FilaPadron(models.Model):
    """Fila válida de un padrón en espera de confirmación (tabla de preparación).

    La validación copia aquí las filas limpias con COPY; al confirmar, un solo
    INSERT ... SELECT las pasa a `Beneficiario`. Se borran al aplicar o descartar.
    """

    importacion = models.ForeignKey(Importacion, on_delete=models.CASCADE, related_name="+")
    fila = models.PositiveIntegerField()
    distrito_id = models.CharField(max_length=6)
    tipo_documento = models.CharField(max_length=3)
    numero_documento = models.CharField(max_length=20)
    apellido_paterno = models.CharField(max_length=100)
    apellido_materno = models.CharField(max_length=100, blank=True)
    nombres = models.CharField(max_length=100)
    fecha_nacimiento = models.DateField(null=True)
    sexo = models.CharField(max_length=1, blank=True)
    telefono = models.CharField(max_length=9, blank=True)
    direccion = models.CharField(max_length=200)
    miembros_hogar = models.PositiveSmallIntegerField()
    busqueda = models.CharField(max_length=400)
    # Vacío si la fila es nueva; E-DUP-BD / E-DUP-OTRA-MUNI si el documento ya existe.
    duplicado = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["importacion", "tipo_documento", "numero_documento"])]
