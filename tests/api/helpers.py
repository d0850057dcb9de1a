"""Helpers of the API tests: a personal token's authorisation header."""

from api.services import token_create


def bearer(user) -> dict[str, str]:
    _token, text = token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {text}"}
