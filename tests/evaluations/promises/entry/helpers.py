"""The entry form's promise rows and verdicts as posted (evaluations/promises/entry.py)."""

from evaluations.models import Meeting
from tests.evaluations.helpers import edit_url, form_data


def rows(*items, initial=0):
    """The promise rows as posted (the formset's management form and each row's fields)."""
    data = {
        "promise-TOTAL_FORMS": len(items),
        "promise-INITIAL_FORMS": initial,
        "promise-MIN_NUM_FORMS": 0,
        "promise-MAX_NUM_FORMS": 1000,
    }
    for i, item in enumerate(items):
        data |= {f"promise-{i}-{k}": v for k, v in item.items()}
    return data


def verdict(p, kept, not_kept, **more):
    data = {
        "verdicts": p.pk,
        f"verdict-{p.pk}-version": p.version,
        f"verdict-{p.pk}-kept_votes": kept,
        f"verdict-{p.pk}-not_kept_votes": not_kept,
    }
    return data | {f"verdict-{p.pk}-{k}": v for k, v in more.items()}


def new_promise(owner, text="组织夜间巡逻", due_on="2009-12-31"):
    return {"owner": owner, "text": text, "due_on": due_on}


def row_of(p, **changes):
    values = {
        "promise": p.pk,
        "version": p.version,
        "owner": f"official:{p.official_id}",
        "text": p.text,
        "due_on": p.due_on.isoformat(),
    }
    return values | changes


def judged_in_q3(client, official, earlier, *counts, **more):
    client.post(edit_url("DA-1-0"), form_data(official) | verdict(earlier, *counts, **more))
    earlier.refresh_from_db()
    return Meeting.objects.get(year=2009, quarter=3)
