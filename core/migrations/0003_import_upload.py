"""The admin's CSV uploads move from the dashboard to core, beside the import framework,
keeping their rows: the model enters core's state on the table the dashboard made
(``dashboard_importupload``), which is then renamed ``core_importupload``.

A database migrated before the move has the table (``dashboard`` 0001 made it); on a new
one that migration only records the model (it no longer creates the table), so the table
is made here. The dashboard's 0002 then drops the model from its own state."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def create_table_if_missing(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    model = apps.get_model("core", "ImportUpload")
    if model._meta.db_table not in schema_editor.connection.introspection.table_names():
        schema_editor.create_model(model)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_database_cache_table'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ImportUpload',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=40, verbose_name='kind')),
                        ('dry_run', models.BooleanField(verbose_name='check only')),
                        ('data', models.BinaryField(blank=True, verbose_name='file')),
                        ('size', models.PositiveIntegerField(default=0, verbose_name='size in bytes')),
                        ('language', models.CharField(blank=True, max_length=10, verbose_name='language')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='uploaded')),
                        ('task_id', models.CharField(blank=True, max_length=64, verbose_name='job')),
                        ('report', models.JSONField(blank=True, null=True, verbose_name='report')),
                        ('errors', models.JSONField(blank=True, null=True, verbose_name='errors')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                    ],
                    options={
                        'verbose_name': 'CSV upload',
                        'verbose_name_plural': 'CSV uploads',
                        'ordering': ['-created'],
                        'db_table': 'dashboard_importupload',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(create_table_if_missing, migrations.RunPython.noop),
        migrations.AlterModelTable(name='importupload', table=None),
    ]
