# ruff: noqa: S608 - the SQL is built from the generator's own integers and names, never input
"""A generated country, written set-based in PostgreSQL, for ``seed_national`` (docs/scale.md).

At national size (about 2,800 districts, 40,000 streets, 600,000 communities, 1.8 million
officials; 4.8 million meetings and 14.4 million ratings in two years) the CSV imports
would take hours, so every table is filled by one ``INSERT ... SELECT generate_series``
per table (per quarter for meetings and ratings). Every value is a function of the row's
numbers and ``seed`` (an integer hash, no ``random()``), and the ids are the row numbers,
so the same arguments give the same rows. The database must hold no areas yet.

What is written, and the rules it keeps (DOMAIN.md):

- areas: districts (every tenth one main urban, every fiftieth with a stricter threshold
  of 85 for its streets), streets spread evenly over the districts (every fourth one a
  town), communities spread evenly over the streets, each with 25-60 representatives;
- officials: three per community (director, police, specialist), each with one posting
  from 2008-01-01, so all three are in post on every meeting's date;
- a policy per year (the defaults), one submitted meeting per community per quarter, held
  on a date inside its quarter, roll = the community's representatives, 1 <= present <=
  roll, one meeting in 40 without quorum; a rating per official posted there, in the
  role of the posting, its four counts adding up to at most present (a few officials are
  rated badly in the middle quarters, as in :mod:`tools.scale`);
- a survey per street per year; 0-3 grievances per community per year (1.5 on average),
  of every disposition, a tenth referred to the street's governance department (one
  department per street), consistent dates.

Not written: history rows (the assessment and the rankings never read them), meeting
attendees (no rosters), replacement recommendations (not part of the assessment; the
imports open them), follow-ups and receipts. Triggers and foreign-key checks are switched
off while writing (``session_replication_role = replica``): the rows are consistent by
construction, and :func:`check` verifies the rules afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db import connection

from core import dataversion
from evaluations.services.policy import policy_for_year_saved

PREFIX = "N"


@dataclass(frozen=True)
class Country:
    districts: int = 2_800
    streets: int = 40_000
    communities: int = 600_000


def h(expr: str, salt: int) -> str:
    """SQL for a deterministic pseudo-random integer in [0, 2**31) from ``expr`` (an
    integer expression) and ``salt``: two rounds of a multiplicative hash, in bigint."""
    a = f"((({expr})::bigint * 1103515245 + {salt * 7919 + 12345}) % 2147483647)"
    return f"(((({a} # ({a} >> 13)) * 1103515245 + 12345) % 2147483647)::int)"


def _tables_empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM districts_district)"
            " AND NOT EXISTS (SELECT 1 FROM districts_official)"
            " AND NOT EXISTS (SELECT 1 FROM evaluations_meeting)"
            " AND NOT EXISTS (SELECT 1 FROM grievances_grievance)"
        )
        return bool(cursor.fetchone()[0])


def _run(sql: str) -> int:
    """One statement without parameters (so ``%`` is SQL's modulo): the numbers in it are
    the generator's own integers, never input."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


def _areas(country: Country, seed: int) -> None:
    d, s, c = country.districts, country.streets, country.communities
    _run(
        f"""
        INSERT INTO districts_district
            (id, created_at, updated_at, code, name, main_urban, safety_threshold)
        SELECT n + 1, now(), now(), '{PREFIX}' || lpad(n::text, 4, '0'), '区县' || n,
               n % 10 = 0, CASE WHEN n % 50 = 3 THEN 85.00 END
        FROM generate_series(0, {d - 1}) n
        """
    )
    _run(
        f"""
        INSERT INTO districts_street (id, created_at, updated_at, code, name, kind, district_id)
        SELECT n + 1, now(), now(), '{PREFIX}S' || lpad(n::text, 5, '0'), '街道' || n,
               CASE WHEN n % 4 = 3 THEN 'town' ELSE 'street' END,
               n::bigint * {d} / {s} + 1
        FROM generate_series(0, {s - 1}) n
        """
    )
    _run(
        f"""
        INSERT INTO districts_community
            (id, created_at, updated_at, code, name, kind, representatives, street_id)
        SELECT n + 1, now(), now(), '{PREFIX}C' || lpad(n::text, 6, '0'), '社区' || n,
               CASE WHEN (n::bigint * {s} / {c}) % 4 = 3 THEN 'village' ELSE 'community' END,
               25 + {h("n", seed)} % 36, n::bigint * {s} / {c} + 1
        FROM generate_series(0, {c - 1}) n
        """
    )
    _run(
        f"""
        INSERT INTO districts_department
            (id, created_at, updated_at, key, contact, phone, street_id, community_id)
        SELECT n + 1, now(), now(), 'governance', '', '', n + 1, NULL
        FROM generate_series(0, {s - 1}) n
        """
    )


def _officials(country: Country) -> None:
    o = 3 * country.communities
    _run(
        f"""
        INSERT INTO districts_official (id, created_at, updated_at, code, name)
        SELECT n + 1, now(), now(), '{PREFIX}O' || lpad(n::text, 7, '0'), '考评对象' || n
        FROM generate_series(0, {o - 1}) n
        """
    )
    _run(
        f"""
        INSERT INTO districts_posting (id, created_at, updated_at, role, organisation,
            start_date, end_date, community_id, official_id)
        SELECT n + 1, now(), now(), (ARRAY['director', 'police', 'specialist'])[n % 3 + 1],
               CASE WHEN n % 3 = 1 THEN '派出所' ELSE '' END, DATE '2008-01-01', NULL,
               n / 3 + 1, n + 1
        FROM generate_series(0, {o - 1}) n
        """
    )


def _quarter(country: Country, seed: int, index: int, year: int, quarter: int, policy: int) -> None:
    """The meetings of one quarter (ids ``index * communities + 1 ...``) and their ratings."""
    c = country.communities
    first = index * c
    month = 3 * (quarter - 1) + 1
    _run(
        f"""
        INSERT INTO evaluations_meeting (id, created_at, updated_at, year, quarter, held_on,
            roll, present, asked, promised, status, submitted_at, community_id,
            submitted_by_id, policy_id, version)
        SELECT {first} + n + 1, now(), now(), {year}, {quarter}, held_on, roll,
               CASE WHEN {h("m", seed + 1)} % 40 = 0
                    THEN 1 + {h("m", seed + 2)} % ((roll + 1) / 2 - 1)
                    ELSE (roll + 1) / 2 + {h("m", seed + 3)} % (roll - (roll + 1) / 2 + 1)
               END,
               '', '', 'submitted', held_on + TIME '18:00' AT TIME ZONE 'UTC', n + 1, NULL,
               {policy}, 1
        FROM generate_series(0, {c - 1}) n,
             LATERAL (SELECT {first} + n AS m, 25 + {h("n", seed)} % 36 AS roll,
                      make_date({year}, {month} + {h(f"{first} + n", seed + 4)} % 3,
                                1 + {h(f"{first} + n", seed + 5)} % 28) AS held_on) x
        """
    )
    # counts: voters = present less 0-3 abstentions, shared out by hashed percentages;
    # the officials with (community + role) % 97 = 0 are rated badly in Q2 and Q3
    bad = "TRUE" if quarter in (2, 3) else "FALSE"
    _run(
        f"""
        INSERT INTO evaluations_rating (id, created_at, updated_at, role, very_satisfied,
            satisfied, basically_satisfied, unsatisfied, meeting_id, official_id)
        SELECT 3 * (m.id - 1) + r + 1, now(), now(),
               (ARRAY['director', 'police', 'specialist'])[r + 1],
               v.voters - v.u - v.bs - v.s, v.s, v.bs, v.u, m.id,
               3 * (m.community_id - 1) + r + 1
        FROM evaluations_meeting m
        CROSS JOIN generate_series(0, 2) r
        CROSS JOIN LATERAL (
            SELECT voters, u, bs, (voters - u - bs) * (30 + {h("k", seed + 8)} % 40) / 100 AS s
            FROM (
                SELECT k, voters, u, (voters - u) * ({h("k", seed + 7)} % 25) / 100 AS bs
                FROM (
                    SELECT k, voters,
                           CASE WHEN {bad} AND (m.community_id - 1 + r) % 97 = 0
                                THEN voters * (50 + {h("k", seed + 6)} % 40) / 100
                                ELSE voters * ({h("k", seed + 6)} % 10) / 100 END AS u
                    FROM (SELECT 3 * m.id + r AS k,
                                 greatest(m.present - {h("3 * m.id + r", seed + 9)} % 4, 0)
                                 AS voters) a
                ) b
            ) c
        ) v
        WHERE m.id BETWEEN {first + 1} AND {first + c}
        """
    )


def _surveys(country: Country, seed: int, first_year: int, years: int) -> None:
    s = country.streets
    _run(
        f"""
        INSERT INTO evaluations_survey (created_at, updated_at, year, safe, fairly_safe,
            not_very_safe, unsafe, street_id)
        SELECT now(), now(), y, 150 + {h("k", seed + 10)} % 251, 50 + {h("k", seed + 11)} % 101,
               5 + {h("k", seed + 12)} % 56, {h("k", seed + 13)} % 26, n + 1
        FROM generate_series({first_year}, {first_year + years - 1}) y
        CROSS JOIN generate_series(0, {s - 1}) n
        CROSS JOIN LATERAL (SELECT y::bigint * {s} + n AS k) x
        ORDER BY y, n
        """
    )


def _grievances(country: Country, seed: int, year: int) -> None:
    c, s = country.communities, country.streets
    _run(
        f"""
        INSERT INTO grievances_grievance (created_at, updated_at, reference, source, kind,
            key_dispute, summary, received_on, disposition, deadline, resolved_on,
            answered_on, answer, answered_by_id, community_id, department_id, meeting_id,
            version, escalated_to_city_at, escalated_to_district_at, accepted_at,
            proposed_answer, proposed_at, verdict, verdict_on)
        SELECT now(), now(), '{PREFIX}G{year}-' || n || '-' || i, 'other',
               (ARRAY['opinion', 'complaint', 'dispute'])[(n + i) % 3 + 1], (n + i) % 13 = 0,
               '居民反映的事：夜间噪音、停车和楼道照明', received,
               CASE WHEN roll < 70 THEN 'on_the_spot' WHEN roll < 90 THEN 'afterwards'
                    ELSE 'referred' END,
               CASE WHEN roll >= 90 THEN received + 21 END,
               CASE WHEN roll < 70 THEN received WHEN roll < 98 THEN later END,
               CASE WHEN roll < 70 THEN received WHEN roll < 98 THEN later END,
               '', NULL, n + 1,
               CASE WHEN roll >= 90 THEN n::bigint * {s} / {c} + 1 END,
               NULL, 1, NULL, NULL, NULL, '', NULL, '', NULL
        FROM generate_series(0, {c - 1}) n
        CROSS JOIN LATERAL generate_series(1, {h(f"n + {year * c}", seed + 20)} % 4) i
        CROSS JOIN LATERAL (
            SELECT make_date({year}, 1, 1) + {h(f"(n * 4 + i) + {year * c * 4}", seed + 21)}
                       % 365 AS received,
                   {h(f"(n * 4 + i) + {year * c * 4}", seed + 22)} % 100 AS roll
        ) a
        CROSS JOIN LATERAL (
            SELECT received + 1 + {h(f"(n * 4 + i) + {year * c * 4}", seed + 23)} % 20 AS later
        ) b
        ORDER BY n, i
        """
    )


TABLES = (
    "districts_district",
    "districts_street",
    "districts_community",
    "districts_department",
    "districts_official",
    "districts_posting",
    "evaluations_meeting",
    "evaluations_rating",
    "evaluations_survey",
    "grievances_grievance",
)


def seed(
    country: Country,
    *,
    years: int = 2,
    first_year: int = 2009,
    seed: int = 2010,
    log: Callable[[str], None] = print,
) -> dict[str, float]:
    """Write the country; returns the seconds each step took. PostgreSQL only."""
    if connection.vendor != "postgresql":
        raise ValueError("The national data set is written with PostgreSQL's SQL.")
    if not _tables_empty():
        raise ValueError("The database already holds areas, officials, meetings or grievances.")
    timings: dict[str, float] = {}

    def step(name: str, work: Callable[[], None]) -> None:
        started = time.monotonic()
        work()
        timings[name] = time.monotonic() - started
        log(f"{name}: {timings[name]:.1f} s")

    _run("SET session_replication_role = replica")
    try:
        step("areas", lambda: _areas(country, seed))
        step("officials and postings", lambda: _officials(country))
        policies = {y: policy_for_year_saved(y).pk for y in range(first_year, first_year + years)}
        for index in range(years * 4):
            year, quarter = first_year + index // 4, index % 4 + 1
            step(
                f"meetings and ratings {year} Q{quarter}",
                partial(_quarter, country, seed, index, year, quarter, policies[year]),
            )
        step("surveys", lambda: _surveys(country, seed, first_year, years))
        for year in range(first_year, first_year + years):
            step(f"grievances {year}", partial(_grievances, country, seed, year))
    finally:
        _run("SET session_replication_role = DEFAULT")
    for table in TABLES[:-1]:  # the grievances' ids are the sequence's already
        _run(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
    if not connection.in_atomic_block:  # VACUUM cannot run in a transaction (tests)

        def vacuum() -> None:
            for table in TABLES:
                _run(f"VACUUM ANALYZE {table}")

        step("vacuum analyze", vacuum)
    dataversion.bump()
    return timings


def check() -> dict[str, int]:
    """The rules the generated rows must keep, as counts of rows breaking them (all 0)."""
    queries = {
        "meetings with present outside 1..roll": (
            "SELECT count(*) FROM evaluations_meeting WHERE present < 1 OR present > roll"
        ),
        "meetings outside their quarter": (
            "SELECT count(*) FROM evaluations_meeting"
            " WHERE extract(year FROM held_on) <> year"
            " OR (extract(month FROM held_on)::int - 1) / 3 + 1 <> quarter"
        ),
        "ratings with more votes than present": (
            "SELECT count(*) FROM evaluations_rating r JOIN evaluations_meeting m"
            " ON m.id = r.meeting_id WHERE r.very_satisfied + r.satisfied"
            " + r.basically_satisfied + r.unsatisfied > m.present"
            " OR least(r.very_satisfied, r.satisfied, r.basically_satisfied, r.unsatisfied) < 0"
        ),
        "ratings of an official not posted there in that role on the date": (
            "SELECT count(*) FROM evaluations_rating r JOIN evaluations_meeting m"
            " ON m.id = r.meeting_id WHERE NOT EXISTS (SELECT 1 FROM districts_posting p"
            " WHERE p.official_id = r.official_id AND p.community_id = m.community_id"
            " AND p.role = r.role AND p.start_date <= m.held_on"
            " AND (p.end_date IS NULL OR p.end_date >= m.held_on))"
        ),
        "ratings with a missing meeting or official": (
            "SELECT count(*) FROM evaluations_rating r"
            " LEFT JOIN evaluations_meeting m ON m.id = r.meeting_id"
            " LEFT JOIN districts_official o ON o.id = r.official_id"
            " WHERE m.id IS NULL OR o.id IS NULL"
        ),
        "grievances with a date before received or a broken disposition": (
            "SELECT count(*) FROM grievances_grievance WHERE resolved_on < received_on"
            " OR answered_on < received_on OR deadline < received_on"
            " OR (disposition = 'on_the_spot' AND resolved_on <> received_on)"
            " OR (disposition = 'afterwards' AND resolved_on <= received_on)"
            " OR (disposition = 'referred' AND (department_id IS NULL OR deadline IS NULL))"
        ),
    }
    out = {}
    with connection.cursor() as cursor:
        for name, sql in queries.items():
            cursor.execute(sql)
            out[name] = cursor.fetchone()[0]
    return out
