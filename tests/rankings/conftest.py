# The annual assessment is computed from quarterly reviews, and the league ranks communities
# by them: reuse the review fixtures.
from tests.evaluations.conftest import community, meetings, officer, posted, review  # noqa: F401
