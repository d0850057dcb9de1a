"""The Django admin, scoped: administrators manage only what lies inside their own scope."""

from .accounts import ScopedUserForm, UserAdmin
from .areas import CommunityAdmin, DepartmentAdmin, DistrictAdmin, StreetAdmin
from .base import (
    RankingInputsAdmin,
    ReadOnlyScopedAdmin,
    ScopedAdmin,
    ScopedChoicesMixin,
    ScopedRelatedFieldListFilter,
    TamperProofAutocompleteSelect,
    view_on_site,
)
from .officials import OfficialAdmin, PostingAdmin, PostingInline

__all__ = [
    "CommunityAdmin",
    "DepartmentAdmin",
    "DistrictAdmin",
    "OfficialAdmin",
    "PostingAdmin",
    "PostingInline",
    "RankingInputsAdmin",
    "ReadOnlyScopedAdmin",
    "ScopedAdmin",
    "ScopedChoicesMixin",
    "ScopedRelatedFieldListFilter",
    "ScopedUserForm",
    "StreetAdmin",
    "TamperProofAutocompleteSelect",
    "UserAdmin",
    "view_on_site",
]
