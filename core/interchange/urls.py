"""The admin's CSV pages, for the project's URLconf to include with its own rule of who
may use them: ``*admin_urlpatterns(may_exchange=...)`` (see :mod:`.views`)."""

from django.urls import URLPattern, path

from . import views


def admin_urlpatterns(*, may_exchange: views.MayExchange) -> list[URLPattern]:
    """The import form, an upload's status page and the export of a kind, under
    ``admin/`` (listed before the admin's own patterns, which would otherwise take them)."""
    rule = {"may_exchange": may_exchange}
    return [
        path("admin/import-csv/", views.import_csv_view, rule, name="admin_import_csv"),
        path(
            "admin/import-csv/<int:pk>/",
            views.import_status_view,
            rule,
            name="admin_import_status",
        ),
        path("admin/export-csv/<str:kind>/", views.export_csv_view, rule, name="admin_export_csv"),
    ]
