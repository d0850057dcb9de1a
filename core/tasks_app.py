"""django-tasks-db's app config, renamed for the admin."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksConfig(TasksAppConfig):
    """The task queue's results under a name an administrator understands, in both
    languages (its own app config names it "Tasks Database Backend", untranslated)."""

    verbose_name = _("Background jobs")  # type: ignore[assignment]  # a lazy string, as Django allows
