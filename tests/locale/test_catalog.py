"""The zh-hans catalog is complete: nothing untranslated, nothing fuzzy."""

import shutil
import subprocess
from pathlib import Path

import pytest

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries(*flags):
    out = subprocess.run(
        ["msgattrib", *flags, "--no-obsolete", str(PO)], capture_output=True, text=True, check=True
    ).stdout
    # the header entry (msgid "") is repeated in each listing
    return [line for line in out.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


@pytest.mark.skipif(shutil.which("msgattrib") is None, reason="gettext is installed by make")
def test_every_message_has_a_chinese_translation():
    assert entries("--untranslated") == []


@pytest.mark.skipif(shutil.which("msgattrib") is None, reason="gettext is installed by make")
def test_no_translation_is_left_fuzzy():
    assert entries("--only-fuzzy") == []


def test_the_projects_messages_leave_the_admins_change_link_to_django():
    """Issue 21, item 14: the why page's "Change" (a difference) made every admin link
    read 变化; it has a context of its own now."""
    from django.utils import translation

    with translation.override("zh-hans"):
        assert translation.gettext("Change") == "修改"
        assert translation.pgettext("difference from last year", "Change") == "变化"
