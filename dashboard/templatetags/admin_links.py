"""What the admin's index may link to: never a page that would answer 404."""

from typing import Any

from django import template

from districts.scoping import may_manage

register = template.Library()


@register.simple_tag(takes_context=True)
def may_exchange_data(context: dict[str, Any]) -> bool:
    """The CSV import and export pages are for administrators (:func:`may_manage`)."""
    request = context.get("request")
    return request is not None and may_manage(request.user)
