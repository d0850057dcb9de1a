"""Extension points: how an upper app adds to a lower app's pages without the lower app
knowing it (the layers, README "Apps"; issue 19: every relation between apps goes down,
in imports, URL names and template tags alike).

- **Links**: a page of a lower app links to a page of an upper one by a name both know
  here (``"official_case_file"``); the upper app provides the address in its
  ``AppConfig.ready`` (:func:`provide_link`). A link nobody provides is ``""``, and the
  page leaves it out.
- **Sections**: a page of a lower app names a slot (``"meeting_detail"``); an upper app
  adds a section to it (:func:`add_section`): a template rendered in the page's own
  context, with what the section's ``context`` function adds to it. The page renders them
  with ``{% load extensions %}{% sections "meeting_detail" %}``.
- **Saves**: a section that adds fields to a page's form saves them with the page's own
  save, in its transaction (:func:`add_save`): the page calls each one with what was
  posted and what it saved; a ValidationError naming the fields refuses the whole save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_LINKS: dict[str, Callable[..., str]] = {}
_SECTIONS: dict[str, list[Section]] = {}
_SAVES: dict[str, list[Callable[..., None]]] = {}


def provide_link(name: str, address: Callable[..., str]) -> None:
    """``address(*args)`` is where the link ``name`` leads (one app provides each name)."""
    _LINKS[name] = address


def link(name: str, *args: Any) -> str:
    """The address of the link ``name`` for ``args``; ``""`` when no app provides it."""
    address = _LINKS.get(name)
    return "" if address is None else address(*args)


def no_context(context: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Section:
    """A template added to a page's slot, and what it adds to the page's context (it is
    given the page's ``django.template.Context``: ``context["meeting"]``...)."""

    template: str
    context: Callable[[Any], dict[str, Any]] = field(default=no_context)
    order: int = 0


def add_section(
    slot: str,
    template: str,
    *,
    context: Callable[[Any], dict[str, Any]] = no_context,
    order: int = 0,
) -> None:
    """Render ``template`` where a page names ``slot``; sections of a slot come in
    ``order``, then in the order they were added."""
    sections = _SECTIONS.setdefault(slot, [])
    sections.append(Section(template, context, order))
    sections.sort(key=lambda s: s.order)


def sections(slot: str) -> list[Section]:
    return list(_SECTIONS.get(slot, ()))


def add_save(slot: str, save: Callable[..., None]) -> None:
    """Call ``save(**what_the_page_saved)`` when the page of ``slot`` saves its form, in
    its transaction (the page documents the arguments it passes)."""
    _SAVES.setdefault(slot, []).append(save)


def saves(slot: str) -> list[Callable[..., None]]:
    return list(_SAVES.get(slot, ()))
