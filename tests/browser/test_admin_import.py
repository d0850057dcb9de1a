"""The admin CSV upload in a real browser: the form, the status page while the file waits
for the worker, then the report once the worker has run it (core/interchange/uploads.py)."""

import pytest
from playwright.sync_api import Page, expect

from districts.models import Community
from tests.districts.interchange.test_areas import GOOD, HEADER

from .helpers import login
from .test_security import Watch

pytestmark = pytest.mark.browser

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def upload_areas(page: Page, live_server, tmp_path) -> None:
    path = tmp_path / "areas.csv"
    path.write_text("\n".join([HEADER, *GOOD]) + "\n", encoding="utf-8")
    page.goto(f"{live_server.url}/admin/import-csv/")
    page.select_option("select[name=kind]", "areas")
    page.set_input_files("input[name=file]", str(path))
    page.check("input[name=dry_run][value=no]")
    page.locator("input[type=submit][value=Import]").click()


def test_an_upload_waits_for_the_worker_then_shows_its_report(
    page, live_server, superuser, run_worker, tmp_path
):
    watch = Watch(page)
    login(page, live_server, "root")
    upload_areas(page, live_server, tmp_path)
    expect(page.get_by_test_id("import-waiting")).to_contain_text("waiting for the worker")
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_count(1)
    run_worker()
    page.reload()
    expect(page.get_by_test_id("import-outcome")).to_contain_text("Saved:")
    expect(page.get_by_test_id("job-percent")).to_have_text("3 / 3 (100%)")
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_count(0)
    watch.check("status page")
    assert Community.objects.filter(code__startswith="JB-WLD").count() == 2
    for width in (390, 768, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate(OVERFLOW) <= 0, width
