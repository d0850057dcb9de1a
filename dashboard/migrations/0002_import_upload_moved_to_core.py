"""The admin's CSV uploads now belong to core (core 0003 took the model and its table):
the model leaves the dashboard's state, and the queued or finished jobs that name the
task by its old path (``dashboard.tasks.import_upload``) are pointed to the new one, so the
worker still runs them and their status pages still read them."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

OLD = "dashboard.tasks.import_upload"
NEW = "core.interchange.tasks.import_upload"


def point_jobs_to_core(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    results.objects.filter(task_path=OLD).update(task_path=NEW)


def point_jobs_back(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    results.objects.filter(task_path=NEW).update(task_path=OLD)


class Migration(migrations.Migration):

    dependencies = [
        ('dashboard', '0001_import_upload'),
        ('core', '0003_import_upload'),
        ('django_tasks_database', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ImportUpload')],
            database_operations=[],
        ),
        migrations.RunPython(point_jobs_to_core, point_jobs_back),
    ]
