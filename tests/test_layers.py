"""The layers hold in every relation between apps, not only in imports (issue 19).

import-linter (``pyproject.toml``) checks the imports. This checks what it cannot see, in
every template and every Python module of an app:

- a URL name, in ``{% url %}``, ``reverse()``, ``reverse_lazy()``, ``redirect()``,
  ``resolve_url()`` or any ``"namespace:name"`` string: it belongs to the app of its
  namespace (an unnamespaced name to the app of its view; ``admin:<label>_<model>_...``
  to the model's app);
- a template tag library in ``{% load %}``: it belongs to the app that defines it;
- a model named by a string (``"evaluations.Meeting"``, ``apps.get_model("a", "M")``);
- a signal connected with ``sender=`` a model; and, at run time, every receiver of a
  model's signal lives in the model's own app or in ``core`` (an upper app never wires
  the signals of a lower one).

Each may point to its own app or down, never up. A Python module belongs to its top-level
package; a template under ``templates/<app>/`` to ``<app>``, one directly under
``templates/`` (``base.html``, ``admin/``, ``registration/``) to the top. Names that no app
of the project defines (Django's, third parties') are nobody's and always allowed.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import signals
from django.template import engines
from django.urls import URLPattern, URLResolver, get_resolver

# low to high; ``tools`` may not exist yet, ``config`` is the top
ORDER = (
    "core",
    "districts",
    "evaluations",
    "grievances",
    "rankings",
    "publication",
    "api",
    "dashboard",
    "tools",
    "config",
)
TOP = ORDER[-1]
ROOT = Path(settings.BASE_DIR)


@dataclass(frozen=True)
class Reference:
    line: int
    kind: str  # "url", "load", "model" or "sender"
    target: str
    to: str  # the app the target belongs to


def rank(app: str) -> int:
    return ORDER.index(app)


def app_of_module(module: str) -> str | None:
    package = module.split(".")[0]
    return package if package in ORDER else None


def owner_of(path: Path) -> str | None:
    """The app a file belongs to (None: not an app's, e.g. the tests)."""
    parts = path.relative_to(ROOT).parts
    if parts[0] == "templates":
        return parts[1] if len(parts) > 2 and parts[1] in ORDER else TOP
    if parts[0] in ORDER:
        return parts[0]
    return None


# --- who defines what, as Django knows it ---


@cache
def url_owners() -> dict[str, str | None]:
    """Every URL name of the project (``ns:name`` or ``name``) and the app it belongs to."""
    owners: dict[str, str | None] = {}

    def walk(patterns: list, prefix: str, app: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace:
                    module = getattr(p.urlconf_module, "__name__", "")
                    walk(p.url_patterns, f"{prefix}{p.namespace}:", app_of_module(module))
                else:
                    walk(p.url_patterns, prefix, app)
            elif isinstance(p, URLPattern) and p.name:
                view = getattr(p.callback, "view_class", p.callback)
                owners[prefix + p.name] = app if prefix else app_of_module(view.__module__)

    walk(get_resolver().url_patterns, "", None)
    return owners


def url_owner(name: str) -> str | None:
    if name.startswith("admin:"):  # the admin's pages of a model: the model's app
        label = name.removeprefix("admin:").split("_")[0]
        return label_owner(label)
    return url_owners().get(name)


@cache
def library_owners() -> dict[str, str | None]:
    libraries = engines["django"].engine.libraries  # type: ignore[attr-defined]
    return {name: app_of_module(module) for name, module in libraries.items()}


def label_owner(label: str) -> str | None:
    try:
        return app_of_module(apps.get_app_config(label).name)
    except LookupError:
        return None


def model_owner(label: str, name: str) -> str | None:
    try:
        model = apps.get_model(label, name)
    except (LookupError, ValueError):
        return None
    return app_of_module(model.__module__)


# --- what a file refers to ---

URL_TAG = re.compile(r"""{%\s*url\s+(['"])(?P<name>[^'"]+)\1""")
LOAD_TAG = re.compile(r"{%\s*load\s+(?P<libs>.+?)\s*%}")
NAMESPACED = re.compile(r"^[a-z_]+:[\w-]+$")
MODEL_STRING = re.compile(r"^(?P<label>[a-z_]+)\.(?P<model>[A-Za-z]\w*)$")
URL_FUNCTIONS = {"reverse", "reverse_lazy", "redirect", "resolve_url"}


def template_references(text: str) -> Iterator[Reference]:
    def line(m: re.Match[str]) -> int:
        return text.count("\n", 0, m.start()) + 1

    for m in URL_TAG.finditer(text):
        if (to := url_owner(m["name"])) is not None:
            yield Reference(line(m), "url", m["name"], to)
    for m in LOAD_TAG.finditer(text):
        words = m["libs"].split()
        for library in words[words.index("from") + 1 :] if "from" in words else words:
            if (to := library_owners().get(library)) is not None:
                yield Reference(line(m), "load", library, to)


def _imports(tree: ast.Module, app: str) -> dict[str, str]:
    """The names a module imports, each with the module it comes from."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = app if node.level else (node.module or "")
            for alias in node.names:
                names[alias.asname or alias.name] = f"{module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name
    return names


def _sender_owner(node: ast.expr, imported: dict[str, str]) -> tuple[str, str | None]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        m = MODEL_STRING.match(node.value)
        return node.value, model_owner(m["label"], m["model"]) if m else None
    dotted = []
    while isinstance(node, ast.Attribute):
        dotted.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in imported:
        return ast.unparse(node), None  # a variable: not known here
    path = ".".join([imported[node.id], *reversed(dotted)])
    return path, app_of_module(path)


def python_references(text: str, app: str) -> Iterator[Reference]:
    seen: set[Reference] = set()
    for line, kind, target, to in _python_names(text, app):
        reference = Reference(line, kind, target, to or "")
        if to is not None and reference not in seen:  # a name in reverse() is a string too
            seen.add(reference)
            yield reference


def _python_names(text: str, app: str) -> Iterator[tuple[int, str, str, str | None]]:
    """Every name a module refers to, with the app it belongs to (None: nobody's)."""
    tree = ast.parse(text)
    imported = _imports(tree, app)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if NAMESPACED.match(node.value):
                yield node.lineno, "url", node.value, url_owner(node.value)
            if m := MODEL_STRING.match(node.value):
                yield node.lineno, "model", node.value, model_owner(m["label"], m["model"])
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        strings = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if called in URL_FUNCTIONS and strings and isinstance(strings[0], str):
            yield node.lineno, "url", strings[0], url_owner(strings[0])
        if called == "get_model" and len(strings) == 2:
            yield node.lineno, "model", ".".join(strings), model_owner(*strings)
        if called in {"connect", "receiver"}:
            for keyword in node.keywords:
                if keyword.arg == "sender":
                    yield node.lineno, "sender", *_sender_owner(keyword.value, imported)


def upward(owner: str, references: Iterator[Reference]) -> list[Reference]:
    return [r for r in references if rank(r.to) > rank(owner)]


def violations(path: Path) -> list[str]:
    owner = owner_of(path)
    if owner is None:
        return []
    text = path.read_text(encoding="utf-8")
    found = python_references(text, owner) if path.suffix == ".py" else template_references(text)
    where = path.relative_to(ROOT)
    return [
        f"{where}:{r.line}: {r.kind} {r.target!r} belongs to {r.to}, above {owner}"
        for r in upward(owner, found)
    ]


def app_files(pattern: str) -> list[Path]:
    roots = [ROOT / "templates", *(ROOT / app for app in ORDER)]
    return sorted(p for root in roots if root.is_dir() for p in root.rglob(pattern))


# --- the checks ---


def test_no_template_points_up_the_layers():
    assert [v for path in app_files("*.html") for v in violations(path)] == []


def test_no_python_module_points_up_the_layers():
    assert [v for path in app_files("*.py") for v in violations(path)] == []


MODEL_SIGNALS = ("pre_init", "post_init", "pre_save", "post_save", "pre_delete", "post_delete")


def test_every_receiver_of_a_models_signal_lives_in_its_app_or_in_core():
    models = {id(model): model for model in apps.get_models()}
    wired = []
    for name in (*MODEL_SIGNALS, "m2m_changed"):
        for (_receiver_id, sender_id), receiver, _is_async in getattr(signals, name).receivers:
            function = (
                receiver() if callable(receiver) and not hasattr(receiver, "__code__") else receiver
            )
            model = models.get(sender_id)
            mine = app_of_module(getattr(function, "__module__", "") or "")
            theirs = model and app_of_module(model.__module__)
            if mine and theirs and mine not in {theirs, "core"}:
                wired.append(f"{name} of {model._meta.label} in {function.__module__}")
    assert wired == []


def test_the_order_is_the_import_contracts_order():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    layers = list(reversed(contract["layers"]))
    assert [app for app in ORDER if app in layers] == layers


# --- the checks can fail ---

UPWARD_TEMPLATE = """{% load i18n grievance_tags %}
<a href="{% url 'rankings:case_file' code %}">{% url 'evaluations:board' %}</a>"""

UPWARD_MODULE = """
from django.db.models.signals import post_save
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy

from grievances.models import Grievance
from grievances import models as grievance_models

meeting = models.ForeignKey("grievances.Grievance", on_delete=models.PROTECT)
back = reverse("dashboard:kit", args=[1])
then = reverse_lazy("home")
gone = redirect("rankings:city")
NAV = {"url": "publication:manage"}
policy = apps.get_model("grievances", "GrievancePolicy")
post_save.connect(print, sender=Grievance)
post_save.connect(print, sender=grievance_models.Grievance)
post_save.connect(print, sender="grievances.Grievance")
own = reverse("evaluations:board")
"""


def test_upward_template_references_are_reported():
    found = upward("evaluations", template_references(UPWARD_TEMPLATE))
    assert [(r.line, r.kind, r.target, r.to) for r in found] == [
        (2, "url", "rankings:case_file", "rankings"),
        (1, "load", "grievance_tags", "grievances"),
    ]


def test_upward_python_references_are_reported():
    found = upward("evaluations", python_references(UPWARD_MODULE, "evaluations"))
    assert sorted((r.line, r.kind, r.target, r.to) for r in found) == [
        (9, "model", "grievances.Grievance", "grievances"),
        (10, "url", "dashboard:kit", "dashboard"),
        (11, "url", "home", "dashboard"),
        (12, "url", "rankings:city", "rankings"),
        (13, "url", "publication:manage", "publication"),
        (14, "model", "grievances.GrievancePolicy", "grievances"),
        (15, "sender", "grievances.models.Grievance", "grievances"),
        (16, "sender", "grievances.models.Grievance", "grievances"),
        (17, "model", "grievances.Grievance", "grievances"),
        (17, "sender", "grievances.Grievance", "grievances"),
    ]


def test_references_down_or_to_the_own_app_are_allowed():
    assert upward("grievances", python_references(UPWARD_MODULE, "grievances")) != []
    assert upward("dashboard", python_references(UPWARD_MODULE, "dashboard")) == []
    assert upward("config", template_references(UPWARD_TEMPLATE)) == []


@pytest.mark.parametrize(
    ("path", "owner"),
    [
        ("templates/base.html", TOP),
        ("templates/registration/login.html", TOP),
        ("templates/evaluations/meeting_form.html", "evaluations"),
        ("evaluations/views/meetings.py", "evaluations"),
        ("tests/test_layers.py", None),
    ],
)
def test_a_file_belongs_to_its_app(path, owner):
    assert owner_of(ROOT / path) == owner
