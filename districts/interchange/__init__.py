"""The CSV kinds of this app: ``areas``, ``officials`` and ``representatives`` (DOMAIN.md,
interchange formats)."""

from .areas import AreaRowForm, AreasKind, same_as_first
from .fields import COMMUNITY_COLUMNS, code_field, code_validator
from .officials import OfficialRowForm, OfficialsKind
from .representatives import RepresentativeRowForm, RepresentativesKind

__all__ = [
    "AreaRowForm",
    "AreasKind",
    "COMMUNITY_COLUMNS",
    "OfficialRowForm",
    "OfficialsKind",
    "RepresentativeRowForm",
    "RepresentativesKind",
    "code_field",
    "code_validator",
    "same_as_first",
]
