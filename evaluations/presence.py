"""Who was present at a meeting, where the community keeps a roster of representatives by
name (DOMAIN.md, Areas): ticked on the entry page, present = how many are ticked.

Kept apart from :class:`evaluations.forms.MeetingForm` (the entry page's own form): the
view binds both, and this one only hands the meeting form its ``present``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.converters import ascii_id
from districts import selectors as district_selectors
from districts.models import Community, Representative

from .models import Meeting
from .rules import quarter_bounds


class AttendeeChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.group}" if obj.group else obj.name


class PresenceForm(forms.Form):
    """The roster's checklist: one box per representative serving during the quarter."""

    prefix = "presence"
    attendees = AttendeeChoices(
        label=_("Representatives present"),
        queryset=Representative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "presence-box"}),
        error_messages={"invalid_choice": _("%(value)s is not on this community's roster.")},
    )

    def __init__(
        self,
        *args: Any,
        community: Community,
        year: int,
        quarter: int,
        meeting: Meeting | None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.community = community
        start, end = quarter_bounds(year, quarter)
        roster = Representative.objects.filter(community=community)
        choices = roster.active_between(start, end)
        if meeting is not None:
            choices = choices | roster.filter(meetings_attended=meeting)
            if not self.is_bound:
                self.initial["attendees"] = list(meeting.attendees.values_list("pk", flat=True))
        field = self.fields["attendees"]
        assert isinstance(field, AttendeeChoices)
        field.queryset = choices.distinct().by_group("name", "start_date")

    @classmethod
    def for_meeting(
        cls,
        data: QueryDict | None,
        *,
        community: Community,
        year: int,
        quarter: int,
        meeting: Meeting | None,
    ) -> PresenceForm | None:
        """The checklist, or ``None`` where the community keeps no roster (the counts are
        typed as before)."""
        if not district_selectors.keeps_roster(community):
            return None
        return cls(data, community=community, year=year, quarter=quarter, meeting=meeting)

    def roll_on(self, day: datetime.date | str | None, fallback: datetime.date) -> int:
        """The roll of a meeting held on ``day`` (as typed; ``fallback`` when it is not a
        date): the representatives serving that day."""
        if isinstance(day, str):
            try:
                day = datetime.date.fromisoformat(day)
            except ValueError:
                day = None
        roll = district_selectors.roster_roll(self.community, day or fallback)
        return roll or 0

    def ticked_ids(self) -> list[int]:
        """The boxes ticked, as posted (before validation), for the number present."""
        if not isinstance(self.data, QueryDict):
            return []
        ticked = (ascii_id(v) for v in self.data.getlist(self.add_prefix("attendees")))
        return [pk for pk in ticked if pk is not None]

    def meeting_data(self, data: QueryDict) -> QueryDict:
        """The meeting form's data with ``present`` = the number of boxes ticked."""
        data = data.copy()
        data["present"] = str(len(set(self.ticked_ids())))
        return data

    def attendee_ids(self) -> list[int]:
        return [r.pk for r in self.cleaned_data["attendees"]]
