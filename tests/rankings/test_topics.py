"""rankings/topics.py: what a year's rankings are computed from."""

from rankings.topics import history_topics, ranking_topics, year_topics


def test_a_years_figures_come_from_its_reviews_surveys_policy_and_the_grievances():
    assert year_topics(2013) == ("reviews:2013", "surveys:2013", "policy:2013", "grievances")


def test_a_years_rankings_come_from_that_year_and_the_year_before():
    assert ranking_topics(2013) == (
        *("reviews:2013", "surveys:2013", "policy:2013", "grievances"),
        *("reviews:2012", "surveys:2012", "policy:2012", "grievances"),
    )


def test_a_history_comes_from_every_year_since_2000():
    topics = history_topics(2001)
    assert topics == (*year_topics(2000), *year_topics(2001))
