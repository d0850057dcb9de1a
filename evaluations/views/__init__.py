"""Quarterly review and yearly survey pages: thin views over selectors (reads) and services
(writes)."""

from .entry import meeting_edit
from .lists import MeetingListView, RatingListView, RecommendationListView, ScopedListMixin
from .meetings import (
    community_quarters,
    meeting_detail,
    meeting_discard,
    official_detail,
    quarter_board,
)
from .policy import policy_edit, policy_list
from .promise_figures import promise_figure_items, promise_figures
from .promises import PlanListView, PromiseListView, promise_detail, promise_step
from .recommendations import recommendation_detail, recommendation_outcome, recommendation_send
from .surveys import survey_edit, survey_list

__all__ = [
    "PlanListView",
    "PromiseListView",
    "MeetingListView",
    "RatingListView",
    "RecommendationListView",
    "ScopedListMixin",
    "community_quarters",
    "meeting_detail",
    "meeting_discard",
    "meeting_edit",
    "official_detail",
    "policy_edit",
    "policy_list",
    "promise_detail",
    "promise_step",
    "promise_figure_items",
    "promise_figures",
    "quarter_board",
    "recommendation_detail",
    "recommendation_outcome",
    "recommendation_send",
    "survey_edit",
    "survey_list",
]
