from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeneficiariosConfig(AppConfig):
    name = "beneficiarios"
    verbose_name = _("Padrón de beneficiarios")
