"""The one rule for codes (DOMAIN.md, "Areas"): letters, digits and ``-`` only.

District, street, community and official codes, and grievance references, follow it. The
same validator sits on the model fields (so the admin and ``full_clean`` use it), on the
CSV row forms, and, as a check constraint, in the database itself. A ``/`` in a code
would break every link to it; a space, a dot or an underscore is not a code either.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# ``\Z``, not ``$``: ``$`` also matches before a final newline. PostgreSQL's regular
# expressions and Python's (SQLite's REGEXP) both read ``\Z`` as the end of the string.
CODE_REGEX = r"^[A-Za-z0-9-]+\Z"
CODE_MAX_LENGTH = 32

code_validator = RegexValidator(
    CODE_REGEX,
    _("Use only letters (A-Z, a-z), digits (0-9) and dashes (-)."),
    code="invalid_code",
)


def code_constraint(name: str, field: str = "code") -> models.CheckConstraint:
    """The rule in the database: no write, whatever its path, stores another code."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__regex": CODE_REGEX}),
        name=name,
        violation_error_message=code_validator.message,
    )
