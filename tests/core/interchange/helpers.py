"""The small kind the framework's tests register (districts by code, name and main_urban)
and the helpers that run a file through it."""

import io

import pytest
from django import forms

from core import interchange
from core.interchange import ImportFailed, Kind, RowError, YesNoField, yes_no
from districts.models import District

HEADER = "code,name,main_urban"


class DistrictRowForm(forms.Form):
    # longer than the database column (32), so a write can fail after the checks pass
    code = forms.CharField(max_length=40)
    name = forms.CharField(max_length=100)
    main_urban = YesNoField()

    def clean(self):
        data = super().clean()
        if data.get("code") == "RESERVED":
            raise forms.ValidationError("this code is reserved.")
        return data


class DistrictsKind(Kind):
    """Districts matched by code; a code given twice in a file is an error on the later row."""

    name = "test_districts"
    columns = ("code", "name", "main_urban")
    row_form = DistrictRowForm

    def check(self, rows, *, user=None):
        first, errors = {}, []
        for row in rows:
            if row.has("code"):
                code = row.data["code"]
                if code in first:
                    errors.append(
                        RowError(row.number, "code", f"{code} is already on row {first[code]}.")
                    )
                first.setdefault(code, row.number)
        return errors

    def apply(self, rows, report, *, user=None):
        for row in rows:
            values = {"name": row.data["name"], "main_urban": row.data["main_urban"]}
            district = District.objects.filter(code=row.data["code"]).first()
            if district is None:
                District.objects.create(code=row.data["code"], **values)
                report.created["districts"] += 1
            elif any(getattr(district, k) != v for k, v in values.items()):
                District.objects.filter(pk=district.pk).update(**values)
                report.updated["districts"] += 1
            else:
                report.unchanged["districts"] += 1

    def export_rows(self, *, year=None, user=None):
        for district in District.objects.order_by("code"):
            yield {
                "code": district.code,
                "name": district.name,
                "main_urban": yes_no(district.main_urban),
            }


def run(*lines, dry_run=False, encoding="utf-8"):
    data = ("\n".join(lines) + "\n").encode(encoding)
    return interchange.run_import("test_districts", data, dry_run=dry_run)


def errors(*lines, encoding="utf-8"):
    with pytest.raises(ImportFailed) as excinfo:
        run(*lines, encoding=encoding)
    return [str(error) for error in excinfo.value.errors]


def districts():
    return list(District.objects.order_by("code").values_list("code", "name", "main_urban"))


def export():
    out = io.StringIO()
    interchange.write_csv("test_districts", out)
    return out.getvalue()


def many(count: int, main_urban: str = "no") -> bytes:
    """``count`` districts with names of 90-odd Chinese characters (about 300 bytes a row)."""
    lines = [HEADER] + [f"D{i:04d},{'长' * 90}{i},{main_urban}" for i in range(count)]
    return ("\n".join(lines) + "\n").encode()
