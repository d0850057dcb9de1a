"""Grievance pieces that other apps' pages show without importing this app: the meeting
page asks for ``{% meeting_intake_form as intake_form %}`` and gets the form that posts
to :func:`grievances.views.meeting_intake`."""

from django import template

from districts.models import Community

from ..forms import MeetingIntakeForm

register = template.Library()


@register.simple_tag
def meeting_intake_form() -> MeetingIntakeForm:
    return MeetingIntakeForm(communities=Community.objects.none())
