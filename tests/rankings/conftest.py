# The annual assessment is computed from quarterly reviews: reuse the review fixtures.
from tests.evaluations.conftest import community, officer, review  # noqa: F401
