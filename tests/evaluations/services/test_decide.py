"""evaluations/services/decide.py: what a meeting save writes, decided without a database
(the plan both the entry form's save and the import's bulk write follow)."""

import datetime

from evaluations.services.decide import (
    MeetingInput,
    Tally,
    meeting_plan,
    present_of,
    roll_of,
)

HELD_ON = datetime.date(2009, 5, 5)
COMMUNITY = 7
ROLES = {1: "director", 2: "police", 3: "specialist"}


def incoming(*tallies, present=8, roster_roll=None, submit=True, held_on=HELD_ON, **more):
    return MeetingInput(
        community_id=COMMUNITY,
        year=2009,
        quarter=2,
        held_on=held_on,
        present=present,
        roll=10,
        tallies=tallies or (Tally(1, 4, 2, 1, 1), Tally(2, 8, 0, 0, 0)),
        roster_roll=roster_roll,
        submit=submit,
        **more,
    )


def stored_meeting(**values):
    return {
        "id": 40,
        "policy_id": 3,
        "held_on": HELD_ON,
        "present": 8,
        "roll": 10,
        "status": "submitted",
        "asked": "夜间巡逻",
        "promised": "",
        "version": 4,
    } | values


def stored_rating(official, counts, role=None):
    names = ("very_satisfied", "satisfied", "basically_satisfied", "unsatisfied")
    counted = dict(zip(names, counts, strict=True))
    return {"official_id": official, "role": role or ROLES[official], **counted}


STORED_RATINGS = {1: stored_rating(1, (4, 2, 1, 1)), 2: stored_rating(2, (8, 0, 0, 0))}


def plan(item=None, stored=None, ratings=None, **kwargs):
    return meeting_plan(
        incoming=item or incoming(),
        stored=stored,
        stored_ratings=ratings
        if ratings is not None
        else ({} if stored is None else STORED_RATINGS),
        roles=ROLES,
        policy_id=3,
        **kwargs,
    )


# ---- the roll and the number present ------------------------------------------------------


def test_the_roll_is_the_rosters_count_else_the_meetings_own_else_the_communitys():
    assert roll_of(roster_roll=6, stored_roll=12, community_roll=10) == 6
    assert roll_of(roster_roll=None, stored_roll=12, community_roll=10) == 12
    assert roll_of(roster_roll=None, stored_roll=None, community_roll=10) == 10
    assert roll_of(roster_roll=0, stored_roll=12, community_roll=10) == 0  # nobody serving


def test_present_is_how_many_were_ticked_only_where_a_roster_is_kept():
    assert present_of(present=9, roster_roll=6, attendees=[3, 4, 4, 5]) == 3
    assert present_of(present=9, roster_roll=None, attendees=[3, 4]) == 9
    assert present_of(present=9, roster_roll=6, attendees=None) == 9


# ---- a new meeting ------------------------------------------------------------------------


def test_a_new_meeting_is_written_at_version_1_with_every_tally_and_touches_each_official():
    new = plan()
    assert (new.created, new.changed, new.submitting, new.version) == (True, True, True, 1)
    assert new.values == {"policy_id": 3, "held_on": HELD_ON, "present": 8, "roll": 10}
    assert [(r.official_id, r.values["role"], r.stored) for r in new.ratings] == [
        (1, "director", None),
        (2, "police", None),
    ]
    assert (new.ratings_created, new.ratings_updated, new.ratings_unchanged) == (2, 0, 0)
    assert new.touched == {(1, COMMUNITY, "director"), (2, COMMUNITY, "police")}


def test_a_new_draft_is_written_but_not_submitted():
    draft = plan(incoming(submit=False))
    assert (draft.created, draft.changed, draft.submitting, draft.version) == (True, True, False, 1)


def test_a_new_meeting_of_a_community_with_a_roster_is_held_with_the_rosters_roll():
    assert plan(incoming(roster_roll=6, present=5)).values["roll"] == 6


# ---- a stored meeting -----------------------------------------------------------------------


def test_the_same_values_again_write_nothing_and_touch_nobody():
    same = plan(stored=stored_meeting())
    assert (same.created, same.changed, same.written, same.version) == (False, False, False, None)
    assert same.ratings == ()
    assert same.ratings_unchanged == 2
    assert same.touched == frozenset()


def test_a_changed_tally_alone_is_a_new_version_touching_only_that_official():
    corrected = plan(incoming(Tally(1, 4, 2, 0, 2), Tally(2, 8, 0, 0, 0)), stored=stored_meeting())
    assert (corrected.changed, corrected.version) == (False, 5)
    assert [(r.official_id, r.values["unsatisfied"]) for r in corrected.ratings] == [(1, 2)]
    assert corrected.ratings[0].stored == STORED_RATINGS[1]
    assert (corrected.ratings_updated, corrected.ratings_unchanged) == (1, 1)
    assert corrected.touched == {(1, COMMUNITY, "director")}


def test_a_changed_number_present_touches_everyone_rated_there_even_those_not_in_the_save():
    ratings = STORED_RATINGS | {3: stored_rating(3, (1, 1, 1, 1))}
    corrected = plan(incoming(present=9), stored=stored_meeting(), ratings=ratings)
    assert (corrected.changed, corrected.version) == (True, 5)
    assert corrected.touched == {
        (1, COMMUNITY, "director"),
        (2, COMMUNITY, "police"),
        (3, COMMUNITY, "specialist"),
    }


def test_submitting_a_draft_is_a_change_and_submitting_a_submitted_meeting_is_none():
    draft = plan(stored=stored_meeting(status="draft"))
    assert (draft.changed, draft.submitting, draft.version) == (True, True, 5)
    kept_as_draft = plan(incoming(submit=False), stored=stored_meeting(status="draft"))
    assert (kept_as_draft.changed, kept_as_draft.submitting, kept_as_draft.written) == (
        False,
        False,
        False,
    )
    again = plan(incoming(submit=False), stored=stored_meeting())  # stays submitted
    assert (again.changed, again.submitting, again.written) == (False, False, False)


def test_a_stored_meeting_keeps_its_roll_unless_its_community_keeps_a_roster():
    assert plan(stored=stored_meeting(roll=12)).values["roll"] == 12
    with_roster = plan(incoming(roster_roll=9), stored=stored_meeting(roll=12))
    assert (with_roster.values["roll"], with_roster.changed) == (9, True)


def test_what_was_asked_and_promised_is_kept_as_stored_unless_given():
    assert "asked" not in plan(stored=stored_meeting()).values
    same = plan(incoming(asked="夜间巡逻", promised=""), stored=stored_meeting())
    assert not same.written
    changed = plan(incoming(asked="停车难"), stored=stored_meeting())
    assert (changed.values["asked"], changed.changed, changed.touched != frozenset()) == (
        "停车难",
        True,
        True,
    )


def test_a_new_policy_for_the_year_is_a_change():
    assert plan(stored=stored_meeting(policy_id=2)).changed


def test_a_tally_whose_role_changed_touches_the_old_role_and_the_new():
    ratings = {1: stored_rating(1, (4, 2, 1, 1), role="other"), 2: STORED_RATINGS[2]}
    moved = plan(stored=stored_meeting(), ratings=ratings)
    assert [(r.official_id, r.values["role"]) for r in moved.ratings] == [(1, "director")]
    assert moved.touched == {(1, COMMUNITY, "director"), (1, COMMUNITY, "other")}


def test_an_official_rated_for_the_first_time_at_a_stored_meeting_is_a_created_tally():
    more = plan(
        incoming(Tally(1, 4, 2, 1, 1), Tally(2, 8, 0, 0, 0), Tally(3, 0, 0, 0, 8)),
        stored=stored_meeting(),
    )
    assert (more.ratings_created, more.ratings_updated, more.ratings_unchanged) == (1, 0, 2)
    assert (more.changed, more.version) == (False, 5)
    assert more.touched == {(3, COMMUNITY, "specialist")}


# ---- who attended -----------------------------------------------------------------------------


def test_other_attendees_alone_are_a_new_version_where_a_roster_is_kept():
    stored = stored_meeting(roll=6, present=3)
    ticked = plan(
        incoming(roster_roll=6), stored=stored, attendees=[5, 6, 8], stored_attendees={5, 6, 7}
    )
    assert (ticked.attendance_changed, ticked.changed, ticked.version) == (True, False, 5)
    assert ticked.touched == frozenset()
    same = plan(
        incoming(roster_roll=6), stored=stored, attendees=[7, 6, 5], stored_attendees={5, 6, 7}
    )
    assert (same.attendance_changed, same.written) == (False, False)


def test_attendees_are_ignored_where_no_roster_is_kept():
    ignored = plan(stored=stored_meeting(), attendees=[1, 2], stored_attendees=set())
    assert (ignored.attendance_changed, ignored.values["present"], ignored.written) == (
        False,
        8,
        False,
    )


def test_the_attendees_of_a_new_meeting_are_written_and_give_the_number_present():
    new = plan(incoming(roster_roll=6, present=1), attendees=[5, 6, 8])
    assert (new.attendance_changed, new.values["present"], new.values["roll"]) == (True, 3, 6)
