"""Uploading through the admin's import page and following the job, for the upload tests."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tools.bench_files import city_csv


def upload_file(client, data: bytes, kind="areas", dry_run=False):
    payload = {"kind": kind, "file": SimpleUploadedFile(f"{kind}.csv", data, "text/csv")}
    payload["dry_run"] = "yes" if dry_run else "no"
    return client.post(reverse("admin_import_csv"), payload)


def imported(client, run_worker, data: bytes, **kwargs):
    """Upload through the page, let the worker run the job, then read the status page."""
    response = upload_file(client, data, **kwargs)
    assert response.status_code == 302, response.context and response.context["form"].errors
    run_worker()
    return client.get(response["Location"])


def upload(client, run_worker, lines, dry_run=False):
    return imported(client, run_worker, ("\n".join(lines) + "\n").encode(), dry_run=dry_run)


def areas_rows(count: int) -> bytes:
    lines = city_csv(prefix="Z").split(b"\n")
    assert len(lines) > count + 1
    return b"\n".join(lines[: count + 1]) + b"\n"
