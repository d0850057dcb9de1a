from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .converters import CodeConverter

        # before any URLconf is loaded: every app's urls.py may use <code:...>
        register_converter(CodeConverter, "code")
