from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolsConfig(AppConfig):
    """The developers' tools at the top of the layers: the demo and generated cities
    (``seed_demo``, ``seed_national``) and the benchmarks (``bench``, ``bench_imports``).
    Nothing a user's page needs lives here."""

    name = "tools"
    verbose_name = _("Tools")
