"""The shared cache lives in the database (settings.CACHES): its table is made here, so
every ``migrate`` (a deployment, ``make run``, a test database) has it. Idempotent:
``createcachetable`` skips a table that exists, and does nothing for other backends."""

from django.core.management import call_command
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def create_cache_table(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_job_progress_and_periodic_runs")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
