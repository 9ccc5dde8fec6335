from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CanastasConfig(AppConfig):
    name = "canastas"
    verbose_name = _("Territorio y auditoría")
