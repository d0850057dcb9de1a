from typing import Any

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

        from django_tasks.signals import task_finished

        task_finished.connect(_forget_abandoned_upload, dispatch_uid="core.abandoned_upload")

        from django.db.backends.signals import connection_created

        from .expressions import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="core.sqlite_functions")

        # before any URLconf is loaded: every app's urls.py may use <code:...>
        register_converter(CodeConverter, "code")


def _forget_abandoned_upload(sender: object, task_result: Any, **kwargs: Any) -> None:
    """A job failed (its worker stopped on its last attempt, core.worker): an admin upload
    it was importing does not keep its file in the database."""
    if str(task_result.status) == "FAILED":
        from .interchange.uploads import upload_abandoned

        upload_abandoned(str(task_result.id))
