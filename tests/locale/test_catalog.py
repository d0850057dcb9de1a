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


def zh_hans_messages():
    """(msgid, msgstr) of the compiled zh-hans catalog, plural forms and contexts included."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("zh-hans")._catalog
    for key, msgstr in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        yield msgid.split("\x04")[-1], msgstr


def test_grievances_in_general_are_always_called_the_same_in_chinese():
    """Issue 21: some read 意见建议 (the kind "opinion") or 意见 where the menu and the
    list say 群众诉求."""
    assert [
        (msgid, msgstr)
        for msgid, msgstr in zh_hans_messages()
        if "grievance" in msgid.lower() and "诉求" not in msgstr
    ] == []


def test_a_key_dispute_is_always_called_the_same_in_chinese():
    """Issue 21: the district ranking mixed 重大矛盾纠纷 and 重点矛盾纠纷."""
    assert [
        (msgid, msgstr)
        for msgid, msgstr in zh_hans_messages()
        if "key dispute" in msgid.lower() and "重点" not in msgstr
    ] == []
