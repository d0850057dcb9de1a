"""The names of a department's figures (DOMAIN.md, "Departments answer for their work"),
defined once for the record (:mod:`.figures`), its table and command, and the bulletin that
stores them (:mod:`grievances.models.bulletin`). Plain names only: the models import it."""

# the figures, in the order of the record's columns and of the command
COUNTS = (
    "referred",
    "accepted_on_time",
    "resolved_on_time",
    "sent_back",
    "reopened",
    "problem_items",
)
# what the rates are taken over
DENOMINATORS = ("acceptance_due", "resolution_due", "verdicts", "satisfied_verdicts")
RATES = {  # rate: (numerator, denominator)
    "acceptance_rate": ("accepted_on_time", "acceptance_due"),
    "on_time_rate": ("resolved_on_time", "resolution_due"),
    "satisfaction": ("satisfied_verdicts", "verdicts"),
}
