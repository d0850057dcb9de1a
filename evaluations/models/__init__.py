"""Quarterly reviews (考核评议会): the yearly policy, meetings, ratings, recommendations.

Scores and levels are not stored: :mod:`evaluations.selectors` computes them in SQL from
the vote counts and the policy of the meeting's own year, exactly (levels compare integer
products, never a rounded score).
"""

from .meetings import Meeting, Rating
from .plans import PlanEscalation
from .policy import Level, Policy, percent, share
from .promises import Promise, PromiseNote, PromiseQuerySet, PromiseState
from .recommendations import Recommendation, RecommendationQuerySet
from .surveys import Survey

__all__ = [
    "Level",
    "Meeting",
    "PlanEscalation",
    "Policy",
    "Promise",
    "PromiseNote",
    "PromiseQuerySet",
    "PromiseState",
    "Rating",
    "Recommendation",
    "RecommendationQuerySet",
    "Survey",
    "percent",
    "share",
]
