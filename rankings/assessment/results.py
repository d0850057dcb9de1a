"""One area's result in the annual assessment (DOMAIN.md): its components, composite,
ranks and flags, the order of the flags and what judges a component's sample thin."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from evaluations.models import Policy
from evaluations.selectors import rounded

from ..uncertainty import Interval, wilson

FLAG_ORDER = [
    "below_safety_threshold",
    "consecutive_last_place",
    "incomplete_data",
    "last_among_main_urban",
    "last_place",
]
COMPONENTS = (
    "safety_index",
    "satisfaction",
    "grievance_resolution_rate",
    "key_dispute_resolution_rate",
)


@dataclass
class AreaResult:
    pk: int
    code: str
    name: str
    level: str
    district_code: str
    district_name: str
    main_urban: bool
    threshold: Decimal
    safety_index: Decimal | None
    satisfaction: Decimal | None
    grievance_resolution_rate: Decimal | None
    key_dispute_resolution_rate: Decimal | None
    composite: Decimal | None
    rank: int | None
    main_urban_rank: int | None
    respondents: int
    meetings: int
    ratings: int
    grievances: int
    key_disputes: int
    secure: int = 0  # respondents feeling safe or fairly safe
    resolved: int = 0
    key_resolved: int = 0
    flags: list[str] = field(default_factory=list)
    thin: list[str] = field(default_factory=list)  # components on a sample below the policy's
    last: bool = False
    last_main_urban: bool = False
    previous_composite: Decimal | None = None
    previous_rank: int | None = None

    @property
    def intervals(self) -> dict[str, Interval | None]:
        """95% Wilson intervals of the proportions S, G and K (R is a mean, not a share)."""
        return {
            "safety_index": wilson(self.secure, self.respondents),
            "grievance_resolution_rate": wilson(self.resolved, self.grievances),
            "key_dispute_resolution_rate": wilson(self.key_resolved, self.key_disputes),
        }

    @property
    def thin_data(self) -> bool:
        return bool(self.thin)

    @property
    def composite_change(self) -> Decimal | None:
        if self.composite is None or self.previous_composite is None:
            return None
        return self.composite - self.previous_composite

    @property
    def rank_change(self) -> int | None:
        """Places gained since the year before (positive: moved up)."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    def samples(self) -> dict[str, int]:
        """The sample each component is judged thin on."""
        return {
            "safety_index": self.respondents,
            "satisfaction": self.meetings,
            "grievance_resolution_rate": self.grievances,
            "key_dispute_resolution_rate": self.key_disputes,
        }

    def as_row(self) -> dict[str, Any]:
        """The stable output of DOMAIN.md: 2 decimals, None where missing."""
        return {
            "rank": self.rank,
            "main_urban_rank": self.main_urban_rank,
            "code": self.code,
            "name": self.name,
            **{c: rounded(getattr(self, c)) for c in COMPONENTS},
            "composite": self.composite,
            "flags": ";".join(sorted(self.flags)),
        }


def minimum_samples(policy: Policy) -> dict[str, int]:
    """The year's policy minimum for each component's sample (DOMAIN.md: respondents,
    counted meetings, grievances; key disputes are judged on the grievances' minimum)."""
    return {
        "safety_index": policy.min_respondents,
        "satisfaction": policy.min_meetings,
        "grievance_resolution_rate": policy.min_grievances,
        "key_dispute_resolution_rate": policy.min_grievances,
    }


def thin_components(result: AreaResult, minimums: dict[str, int]) -> list[str]:
    """The components present whose sample is below the policy's minimum."""
    samples = result.samples()
    return [c for c in COMPONENTS if getattr(result, c) is not None and samples[c] < minimums[c]]
