"""core.converters.ascii_id: a posted id is ASCII digits within bigint, or nothing."""

import pytest

from core.converters import ascii_id


def test_ascii_digits_are_an_id():
    assert ascii_id("42") == 42


@pytest.mark.parametrize("text", ["", "²", "１２", "٣", "-1", "4 2", "9" * 19])
def test_anything_else_is_no_id(text):
    assert ascii_id(text) is None


def test_eighteen_digits_still_fit_bigint():
    assert ascii_id("9" * 18) == 10**18 - 1
