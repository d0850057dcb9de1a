"""Helpers of the admin's tests: what a change form carries besides its fields."""

from core.admin_concurrency import STATE_FIELD


def loaded_state(client, url) -> dict[str, str]:
    """The state of the row the change form at ``url`` was opened at (a form posted
    without it is refused, core.admin_concurrency): open it first, as a browser would."""
    form = client.get(url).context["adminform"].form
    return {STATE_FIELD: form[STATE_FIELD].value()}
