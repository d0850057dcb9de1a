"""The framework's tests run with a small kind of their own registered (helpers.py)."""

import pytest

from core import interchange

from .helpers import DistrictsKind


@pytest.fixture
def kind():
    kind = DistrictsKind()
    interchange.register(kind)
    yield kind
    del interchange.registry._REGISTRY[kind.name]  # the registry has no unregister: put it back
