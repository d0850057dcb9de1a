from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .converters import CodeConverter
        from .tables import install_signature_cache

        install_signature_cache()

        # before any URLconf is loaded: every app's urls.py may use <code:...>
        register_converter(CodeConverter, "code")
