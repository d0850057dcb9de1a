"""What the ranking tests record: a street's survey of a year, open grievances."""

import datetime

from evaluations import services
from tests import factories

D = datetime.date


def survey(street, year, safe, fairly, not_very, unsafe):
    counts = {"safe": safe, "fairly_safe": fairly, "not_very_safe": not_very, "unsafe": unsafe}
    services.survey_save(street_id=street.pk, year=year, user=None, counts=counts)


def open_items(community, n, year=2009):
    return [
        factories.GrievanceFactory(community=community, received_on=D(year, 3, 1)) for _ in range(n)
    ]
