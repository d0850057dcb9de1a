"""core/extensions.py and its template tags: links and sections an upper app adds to a
lower app's pages."""

import pytest
from django.template import engines
from django.urls import reverse

from core import extensions


@pytest.fixture
def registry(monkeypatch):
    """Empty registries for the test; the apps' own registrations come back after it."""
    monkeypatch.setattr(extensions, "_LINKS", {})
    monkeypatch.setattr(extensions, "_SECTIONS", {})
    monkeypatch.setattr(extensions, "_SAVES", {})


def render(text, **context):
    return engines["django"].from_string(text).render(context)


def test_a_link_nobody_provides_is_empty_and_the_page_leaves_it_out(registry):
    assert extensions.link("nowhere", "X") == ""
    page = '{% load extensions %}{% link_to "nowhere" as url %}{% if url %}<a>{% endif %}.'
    assert render(page) == "."


def test_a_provided_link_leads_where_its_provider_says(registry):
    extensions.provide_link("somewhere", lambda code, n: f"/to/{code}/{n}/")
    assert extensions.link("somewhere", "A&B", 2) == "/to/A&B/2/"
    page = '{% load extensions %}{% link_to "somewhere" code 2 as url %}<a href="{{ url }}">'
    assert render(page, code="A&B") == '<a href="/to/A&amp;B/2/">'  # escaped as {% url %}


def test_sections_render_in_order_in_the_pages_context(registry, tmp_path, settings):
    templates = settings.TEMPLATES[0] | {"DIRS": [tmp_path]}
    settings.TEMPLATES = [templates]
    (tmp_path / "first.html").write_text("[{{ page }} {{ mine }}]")
    (tmp_path / "second.html").write_text("({{ page }}{{ mine|default:'-' }})")
    extensions.add_section("slot", "second.html", order=2)
    extensions.add_section("slot", "first.html", context=lambda c: {"mine": c["page"] * 2})
    text = '{% load extensions %}<{% sections "slot" %}{% sections "empty" %}>{{ mine }}'
    assert render(text, page=3) == "<[3 6](3-)>"


def test_the_apps_provide_the_links_of_their_pages():
    assert extensions.link("official_case_file", "P1") == reverse("rankings:case_file", args=["P1"])
    assert extensions.link("official_page", "P1") == reverse("evaluations:official", args=["P1"])
    assert extensions.link("meeting_kit", "C1", 2009, 3) == reverse(
        "dashboard:kit", args=["C1", 2009, 3]
    )
    assert extensions.link("community_pack", "C1") == reverse("dashboard:pack", args=["C1"])
    assert extensions.link("community_quarters", "C1") == reverse(
        "evaluations:community", args=["C1"]
    )
    assert extensions.link("grievance_list") == reverse("grievances:list")


def test_grievances_add_their_sections_to_the_meetings_pages():
    assert [s.template for s in extensions.sections("meeting_form")] == [
        "grievances/_meeting_form.html"
    ]
    assert [s.template for s in extensions.sections("meeting_detail")] == [
        "grievances/_meeting_detail.html"
    ]


def test_the_saves_of_a_slot_are_given_in_the_order_they_were_added(registry):
    extensions.add_save("form", first := (lambda **saved: None))
    extensions.add_save("form", second := (lambda **saved: None))
    assert extensions.saves("form") == [first, second]
    assert extensions.saves("elsewhere") == []


def test_the_meeting_form_saves_what_grievances_adds_to_it():
    from grievances.promise_answers import save_answers

    assert save_answers in extensions.saves("meeting_form")
