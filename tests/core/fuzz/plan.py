"""The plan: every target (a parameter of an address) each role reaches, then the inputs
that put each hostile value into each target."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.urls import resolve

from .hostile import CURSORS, HOSTILE, NOT_INPUT, ONE_HOSTILE, SAMPLE, SHARED_PARAMS
from .pages import Form
from .routes import ALL_ROUTES, ROUTES_BY_TEXT, Route, build_path, parameters, real_values
from .sessions import Input, Session


@dataclass
class Target:
    """One parameter of one address: how a value goes in, and which roles reach the view
    behind it (their real page answered 200, or the form was on one of their pages)."""

    label: str
    make: Callable[[str], Input]
    roles: list[str] = field(default_factory=list)


class Plan:
    """Discover every target as every role, then the inputs: each hostile value in each
    target, by every role that reaches it (FUZZ_FULL=1), or by one of them in turn (the
    default: every value and every target still tried, the run kept short)."""

    def __init__(self, sessions: dict[str, Session], objects: dict[str, str]):
        self.sessions = sessions
        self.targets: dict[tuple[str, ...], Target] = {}
        self.covered: set[str] = set()
        for role, session in sessions.items():
            for route in ALL_ROUTES:
                self._discover(role, session, route, objects)

    def _target(self, key: tuple[str, ...], make: Callable[[str], Input]) -> Target:
        return self.targets.setdefault(key, Target(" ".join(key), make))

    def _discover(self, role: str, session: Session, route: Route, objects: dict[str, str]) -> None:
        values = real_values(route, objects)
        path = build_path(route, values)
        status, keys, forms = session.read(path)
        # the address resolves to this pattern (or to the project's own view at the same
        # address, which shadows the admin's: /admin/r/..., the scoped "view on site")
        if resolve(urlsplit(path).path).route.replace("^", "") == route.text.replace("^", ""):
            self.covered.add(route.name)
        reached = status == 200
        for param in values:
            target = self._target(
                ("path", route.name, param),
                lambda v, route=route, values=values, param=param: Input(
                    "get", build_path(route, values | {param: v})
                ),
            )
            if reached or (route.is_admin and role in ("admin_city", "superuser")):
                target.roles.append(role)
        for key in keys:
            target = self._target(
                ("get", path, key), lambda v, path=path, key=key: Input("get", path, ((key, v),))
            )
            target.roles.append(role)
        # an empty POST on every address, and every field of every POST form seen
        self._target(("post", path), lambda v, path=path: Input("post", path)).roles.append(role)
        for form in forms:
            action = urlsplit(form.action).path
            defaults = dict(form.fields)
            base = tuple(sorted(defaults.items()))
            for name in sorted((set(defaults) | set(form.files)) - NOT_INPUT):
                target = self._target(
                    ("form", action, name),
                    lambda v, action=action, name=name, defaults=defaults, form=form: Input(
                        "post",
                        action,
                        tuple(sorted((defaults | {name: v}).items())),
                        tuple(form.files),
                    ),
                )
                if role not in target.roles:
                    target.roles.append(role)
            self._form_addresses(role, action, base, form)
            self._target(
                ("form", action),
                lambda v, action=action, base=base, form=form: Input(
                    "post", action, base, tuple(form.files)
                ),
            ).roles.append(role)

    def _form_addresses(self, role: str, action: str, base: Any, form: Form) -> None:
        """The form sent, as it is, to its address with each parameter gone hostile."""
        match = resolve(action)
        route = ROUTES_BY_TEXT[match.route.replace("^", "")]
        params = parameters(route)
        values = {k: str(v) for k, v in match.kwargs.items()}
        values |= dict(
            zip([p for p in params if p not in values], map(str, match.args), strict=False)
        )
        for param in params:
            target = self._target(
                ("formpath", action, param),
                lambda v, route=route, values=values, param=param, base=base, form=form: Input(
                    "post", build_path(route, values | {param: v}), base, tuple(form.files)
                ),
            )
            if role not in target.roles:
                target.roles.append(role)

    def inputs(self, full: bool) -> Iterator[tuple[str, Input]]:
        turn, shared_seen = 0, set()
        for key, target in sorted(self.targets.items()):
            roles = target.roles or list(self.sessions)
            if len(key) == 2:  # a bare address or form, as it is
                values: tuple[str, ...] = ("",)
            elif all(self.turned_away(r, key) for r in roles):
                values = ONE_HOSTILE
            elif full or key[0] == "path" or not self.sampled(key, shared_seen):
                values = HOSTILE
            else:  # values in turn, so every value is still used (all: FUZZ_FULL=1)
                values = tuple(HOSTILE[(turn + i) % len(HOSTILE)] for i in range(SAMPLE))
            if key[0] == "get" and key[2] == "cursor":
                values += CURSORS
            for value in values:
                chosen = roles if full else [roles[turn % len(roles)]]
                turn += 1
                for role in chosen:
                    yield role, target.make(value)

    def sampled(self, key: tuple[str, ...], shared_seen: set[str]) -> bool:
        """The admin's own forms and lists, and the table parameters every list reads
        through the same code (after the first list that reads them) take SAMPLE values."""
        if self.in_admin(key):
            return True
        if key[0] == "get" and key[2] in SHARED_PARAMS:
            if key[2] in shared_seen:
                return True
            shared_seen.add(key[2])
        return False

    @staticmethod
    def in_admin(key: tuple[str, ...]) -> bool:
        where = key[1]
        return where.startswith(("admin:", "admin/")) or (
            where.startswith("/admin/")
            and not where.startswith(("/admin/import-csv/", "/admin/export-csv/"))
        )

    def turned_away(self, role: str, key: tuple[str, ...]) -> bool:
        return self.in_admin(key) and role not in ("admin_city", "superuser")
