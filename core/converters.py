"""Path converters: an area code or a reference in a URL.

``<code:...>`` reads like Django's ``str`` (one path segment), with two differences that
keep hostile or odd values away from a 500:

* reversing quotes the value, so a code holding a ``/`` or a space (which the code rule
  refuses today, but which rows from before the rule may hold) still gives a link that
  resolves back to the same code, where ``str`` would raise ``NoReverseMatch``;
* a value PostgreSQL cannot compare (a NUL byte) or longer than any stored key is not a
  match, so the page answers 404 without querying.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

MAX_LENGTH = 64  # longer than any code (32) or grievance reference (64 at most)


class CodeConverter:
    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        value = unquote(value)
        if "\x00" in value or len(value) > MAX_LENGTH:
            raise ValueError(value)
        return value

    def to_url(self, value: object) -> str:
        return quote(str(value), safe="")


ID_DIGITS = 18  # every id of up to 18 digits fits PostgreSQL's bigint


def ascii_id(text: str) -> int | None:
    """A database id posted as text, or None when it is not one: ASCII digits only, at most
    ``ID_DIGITS`` of them. ``str.isdigit()`` is true for ``²`` (which ``int()`` refuses, a
    500) and for full-width digits (which ``int()`` reads): neither is an id a page wrote."""
    if not text.isascii() or not text.isdigit() or len(text) > ID_DIGITS:
        return None
    return int(text)
