"""Fuzz every column of every CSV kind through the admin's import page: no 500, no job
failing on its input."""

import pytest
from django.urls import reverse

from core.interchange.models import ImportUpload
from core.jobs import job_state

from .csv_rows import CSV_ROWS, csv_text
from .hostile import HOSTILE
from .sessions import Input, Session

pytestmark = pytest.mark.django_db


def test_no_csv_column_gives_a_500(objects, admin_city, quiet, run_worker):
    """Each hostile file is uploaded, all are imported by the worker, then each upload's
    page is read: no 500 from the page and no job failing on its input."""
    session = Session("admin_city", admin_city)
    for kind, row in CSV_ROWS.items():
        for data in [row] + [row | {c: v} for c in row for v in HOSTILE]:
            session.send(
                Input(
                    "post",
                    "/admin/import-csv/",
                    (("kind", kind), ("dry_run", "yes"), ("file", csv_text(data))),
                    ("file",),
                ),
                keep=True,
            )
    run_worker()
    uploads = list(ImportUpload.objects.exclude(task_id=""))
    assert len(uploads) == sum(1 + len(row) * len(HOSTILE) for row in CSV_ROWS.values())
    for upload in uploads:
        session.send(Input("get", reverse("admin_import_status", args=[upload.pk])))
    failed = [(u.kind, job_state(u.task_id).error) for u in uploads]
    failed = [f for f in failed if f[1]]
    print(f"\nfuzz csv: {session.tried} inputs, {len(session.failures)} 500s")
    assert session.failures == [], "\n".join(str(f) for f in session.failures[:40])
    assert failed == [], failed[:40]
