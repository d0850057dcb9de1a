"""The extension points of :mod:`core.extensions` in templates:
``{% link_to "official_case_file" code as url %}`` (``""`` when no app provides it) and
``{% sections "meeting_detail" %}``."""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from core import extensions

register = template.Library()


@register.simple_tag
def link_to(name: str, *args: Any) -> str:
    return extensions.link(name, *args)


@register.simple_tag(takes_context=True)
def sections(context: template.Context, slot: str) -> SafeString:
    """Each section added to ``slot``, rendered in the page's context as by
    ``{% include %}`` (no context processor runs again)."""
    parts = []
    for section in extensions.sections(slot):
        page = context.template
        assert page is not None  # a tag renders inside a template
        part = page.engine.get_template(section.template)
        with context.push(**section.context(context)):
            parts.append(part.render(context))
    return mark_safe("".join(parts))  # noqa: S308 - rendered templates, escaped as they render
