"""Grievance pieces of the sections this app adds to the review meeting's pages
(``templates/grievances/_meeting_*.html``, see ``GrievancesConfig.ready``):
``{% meeting_intake_form as intake_form %}`` is the form that posts to
:func:`grievances.views.meeting_intake`."""

from django import template

from districts.models import Community

from ..forms import MeetingIntakeForm

register = template.Library()


@register.simple_tag
def meeting_intake_form() -> MeetingIntakeForm:
    return MeetingIntakeForm(communities=Community.objects.none())
