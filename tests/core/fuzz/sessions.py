"""One role's browser: an input sent in a savepoint rolled back, a 500 kept as a failure."""

from __future__ import annotations

from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from districts.models import User

from .hostile import NOT_INPUT
from .pages import Form, PageReader, ReadKeys


@dataclass(frozen=True)
class Input:
    method: str
    path: str
    data: tuple[tuple[str, str], ...] = ()
    files: tuple[str, ...] = ()  # names of file fields: their value is the file's content

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.data)
        for name in self.files:
            content = data.get(name) or "district_code\n"
            data[name] = SimpleUploadedFile("upload.csv", content.encode(), "text/csv")
        return data


@dataclass
class Failure:
    role: str
    input: Input
    error: str

    def __str__(self) -> str:
        shown = {k: v[:40] + "…" if len(v) > 40 else v for k, v in self.input.data}
        return f"{self.role} {self.input.method} {self.input.path[:120]} {shown!r}: {self.error}"


class Session:
    """One role's browser. Each request runs in a savepoint rolled back after it, and the
    session cookie is put back, so every input meets the same data and the same login."""

    def __init__(self, role: str, user: User | None):
        self.role = role
        self.client = Client(raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)
        self.cookies = {k: m.value for k, m in self.client.cookies.items()}
        self.tried = 0
        self.failures: list[Failure] = []

    def send(self, inp: Input, keep: bool = False) -> Any:
        """``keep``: what the request wrote stays (a queued job the worker then runs)."""
        self.tried += 1
        with transaction.atomic():
            response = getattr(self.client, inp.method)(inp.path, inp.payload())
            transaction.set_rollback(not keep)
        self.client.cookies = SimpleCookie()
        for key, value in self.cookies.items():
            self.client.cookies[key] = value
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            error = f"{response.status_code} {exc[1]!r}" if exc else str(response.status_code)
            self.failures.append(Failure(self.role, inp, error))
        return response

    def read(self, path: str) -> tuple[int, set[str], list[Form]]:
        """The real page: its status, the query keys it reads or offers (its GET forms'
        fields, its own links' keys), and its POST forms."""
        with ReadKeys() as read:
            response = self.send(Input("get", path))
        keys, forms = set(read.keys), []
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            reader = PageReader("http://testserver" + path)
            reader.feed(response.content.decode())
            here = urlsplit(path).path
            for form in reader.forms:
                if form.method == "post":
                    forms.append(form)
                elif urlsplit(form.action).path == here:
                    keys |= {name for name, _ in form.fields} - NOT_INPUT
            for link in reader.links:
                if urlsplit(link).path == here:
                    keys |= {k for k, _ in parse_qsl(urlsplit(link).query, keep_blank_values=True)}
        return response.status_code, keys, forms
