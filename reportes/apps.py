from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportesConfig(AppConfig):
    name = "reportes"
    verbose_name = _("Reportes")
