"""The admin's upload form (core/interchange/forms.py): the size limit, and a deliberate
choice between checking and importing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import ImportUpload
from districts.models import Community
from tests.districts.interchange.test_areas import GOOD, HEADER

from .upload_helpers import areas_rows, upload_file

pytestmark = pytest.mark.django_db


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(client, superuser, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(superuser)
    response = upload_file(client, areas_rows(1) + b"\n" * (1024 * 1024))
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The file is larger than 1 MB."]
    assert not ImportUpload.objects.exists()


def test_the_import_page_asks_to_choose_between_checking_and_importing(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin_import_csv")).content.decode()
    assert 'type="radio" name="dry_run"' in page
    assert "checked" not in page.split('name="dry_run"', 1)[1].split("</div>", 1)[0]


def test_an_upload_without_the_choice_is_refused_and_saves_nothing(client, superuser):
    client.force_login(superuser)
    data = ("\n".join([HEADER, *GOOD]) + "\n").encode()
    response = client.post(
        reverse("admin_import_csv"),
        {"kind": "areas", "file": SimpleUploadedFile("areas.csv", data, "text/csv")},
    )
    assert response.context["form"].errors["dry_run"] == [
        "Choose whether to check only or to import."
    ]
    assert not Community.objects.filter(code__startswith="JB-WLD").exists()


def test_the_kinds_offered_are_the_importable_ones_named_in_the_readers_language():
    """Issue 21, item 14: the list read areas, grievances ... in English and offered
    results, which the import then refused."""
    from django.utils import translation

    from core.interchange.forms import ImportForm

    with translation.override("zh-hans"):
        choices = dict(ImportForm().fields["kind"].choices)
    assert "results" not in choices
    assert choices["grievances"] == "群众诉求"
    assert choices["areas"] == "区域：区县、街道和社区"
    assert all(label != name for name, label in choices.items())
