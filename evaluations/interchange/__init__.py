"""The CSV kinds of this app (DOMAIN.md, interchange formats): ``reviews`` (import and
export), ``results`` (export only), ``surveys`` and ``promises`` (import and export)."""

from .fields import count_field
from .promises import PromiseRowForm, PromisesKind
from .results import ResultsKind
from .reviews import ReviewRowForm, ReviewsKind
from .surveys import SURVEY_COUNTS, SurveyRowForm, SurveysKind

__all__ = [
    "PromiseRowForm",
    "PromisesKind",
    "ResultsKind",
    "ReviewRowForm",
    "ReviewsKind",
    "SURVEY_COUNTS",
    "SurveyRowForm",
    "SurveysKind",
    "count_field",
]
