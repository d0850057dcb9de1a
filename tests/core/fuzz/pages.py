"""Reading the pages: their forms (with default values), their links, and every key a
view reads from a query."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    selects: dict[str, str | None] = field(default_factory=dict)


def filler(kind: str) -> str:
    """A valid value for an empty field, so that a form sent with one hostile field is
    otherwise valid and the hostile value reaches the code behind the form."""
    return {
        "number": "1",
        "date": timezone.localdate().isoformat(),
        "email": "fuzz@example.com",
        "password": "Fuzz-horse-battery-9",
        "hidden": "",
    }.get(kind, "x")


class PageReader(HTMLParser):
    """The forms of a page (with their default values) and the query keys of its links."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.base, a["href"]))
        elif tag == "form":
            action = urljoin(self.base, a.get("action") or self.base)
            self._form = Form(action=action, method=(a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind == "file":
                self._form.files.append(a["name"])
            elif kind in ("checkbox", "radio"):
                taken = any(n == a["name"] for n, _ in self._form.fields)
                if ("checked" in a or kind == "radio") and not taken:
                    self._form.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "reset", "image"):
                self._form.fields.append((a["name"], a.get("value") or filler(kind)))
        elif tag == "button" and a.get("name"):
            self._form.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form.selects[self._select] = None
        elif tag == "option" and self._select is not None and a.get("value"):
            # a chosen option, else the first real one (not the empty "---------")
            if self._form.selects[self._select] is None or "selected" in a:
                self._form.selects[self._select] = a["value"]
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            for name, value in self._form.selects.items():
                self._form.fields.append((name, value or ""))
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea, "".join(self._text).strip() or "x"))
            self._textarea = None


class ReadKeys:
    """Records every key a view reads from a QueryDict (GET or POST), present or not."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self._saved: dict[str, Any] = {}

    def __enter__(self) -> ReadKeys:
        keys = self.keys
        for name in ("__getitem__", "get", "getlist", "__contains__"):
            original = getattr(MultiValueDict, name)
            self._saved[name] = original

            def spy(qd, key, *args, _original=original, **kwargs):  # type: ignore[no-untyped-def]
                if isinstance(qd, QueryDict) and isinstance(key, str):
                    keys.add(key)
                return _original(qd, key, *args, **kwargs)

            setattr(MultiValueDict, name, spy)
        return self

    def __exit__(self, *exc: object) -> None:
        for name, original in self._saved.items():
            setattr(MultiValueDict, name, original)
