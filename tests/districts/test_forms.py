"""districts/forms.py: the roster's forms."""

from django.utils import translation

from districts.forms import RepresentativeForm


def test_a_representatives_name_is_labelled_as_a_persons_name_in_chinese():
    with translation.override("zh-hans"):
        assert str(RepresentativeForm()["name"].label) == "姓名"  # was 名称, an area's name
