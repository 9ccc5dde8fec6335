from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntregasConfig(AppConfig):
    name = "entregas"
    verbose_name = _("Entregas")
