"""django-axes' app config, renamed for the admin."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes under a name an administrator understands, in both languages (its own
    app config has no verbose name, so the admin showed "Axes")."""

    verbose_name = _("Login protection")
