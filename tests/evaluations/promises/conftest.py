import pytest

from tests.factories import CommunityFactory, PostingFactory


@pytest.fixture
def community(db):
    return CommunityFactory(representatives=10)


@pytest.fixture
def official(community):
    return PostingFactory(community=community).official
