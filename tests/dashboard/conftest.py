# The home and the meeting pack bring reviews and grievances together: reuse their fixtures.
from tests.evaluations.conftest import community, meetings, officer, posted, review  # noqa: F401
from tests.grievances.conftest import items  # noqa: F401
