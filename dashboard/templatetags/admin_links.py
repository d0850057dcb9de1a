"""What the admin's index may link to: never a page that would answer 404."""

from typing import Any

from django import template

from districts import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def may_exchange_data(context: dict[str, Any]) -> bool:
    """Whether the CSV import and export pages are for this user
    (:func:`districts.permissions.may_exchange_data`)."""
    request = context.get("request")
    return request is not None and permissions.may_exchange_data(request.user)
