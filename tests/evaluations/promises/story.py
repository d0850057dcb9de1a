"""A promise story for the pages that show promises: ``n`` promises made in 2009 Q3, the
first three judged in 2009 Q4 (two kept, one not kept: a keeping rate of 66.67 %), the
rest pending and due 2009-12-31 (overdue from 2010)."""

import datetime

from evaluations.promises import services

from .helpers import meeting, promise

VOTES = [(5, 1), (1, 5), (4, 1)]  # kept, not kept, kept


def judge(made, at, kept, not_kept):
    return services.promise_judge(
        promise=made, meeting=at, kept_votes=kept, not_kept_votes=not_kept, user=None
    )


def promise_story(community, official, n=3, *, texts=None):
    q3 = meeting(community, official, 2009, 3)
    made = [
        promise(q3, official, text=(texts or {}).get(i, f"承诺{community.code}-{i}"))
        for i in range(n)
    ]
    q4 = meeting(community, official, 2009, 4)
    for p, (kept, not_kept) in zip(made, VOTES, strict=False):
        judge(p, q4, kept, not_kept)
    return q3, q4, made


AFTER = datetime.date(2010, 2, 1)
