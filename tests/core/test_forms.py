from typing import Any

import pytest
from django import forms
from django.utils.safestring import mark_safe

from core.forms import AnyYesNoSelect, OnePassSelect
from districts.models import District
from tests.factories import DistrictFactory

CHOICES: list[Any] = [
    ("", "---------"),
    ("a&b", "Tom & Jerry <i>"),
    (3, "三"),
    ("Group <g>", [("g1", "one"), ("g2", mark_safe("<b>two</b>"))]),
]


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (None, None),
        ("a&b", {"id": "id_x", "required": True, "disabled": False}),
        (3, {"class": 'a"b', "data-n": 5}),
        (["g2"], {"aria-describedby": "help"}),
    ],
)
def test_the_one_pass_select_writes_the_html_of_djangos_select(value: Any, attrs: Any) -> None:
    ours = OnePassSelect(choices=CHOICES).render("area", value, attrs)
    django = forms.Select(choices=CHOICES).render("area", value, attrs)
    assert ours == django


def test_the_one_pass_select_writes_the_html_of_djangos_select_for_a_model_choice_field(
    db: None,
) -> None:
    DistrictFactory.create_batch(3)
    ours = forms.ModelChoiceField(
        District.objects.all(), to_field_name="code", widget=OnePassSelect
    )
    django = forms.ModelChoiceField(District.objects.all(), to_field_name="code")
    chosen = District.objects.first()
    assert chosen is not None
    assert ours.widget.render("district", chosen.code) == django.widget.render(
        "district", chosen.code
    )


def test_the_any_yes_no_select_writes_the_html_of_its_template() -> None:
    class Template(forms.NullBooleanSelect):
        def __init__(self) -> None:
            super().__init__()
            self.choices = AnyYesNoSelect().choices

    for value in (None, True, False, "true"):
        assert AnyYesNoSelect().render("key", value) == Template().render("key", value)
