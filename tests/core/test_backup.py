"""The restore drill (README, "Backups"): scripts/backup.sh and scripts/restore.sh.

A populated database is dumped by the backup script and restored by the restore script
into a new empty database; every table must come back row for row (count and a hash of
its rows in primary-key order) and every sequence at the same value. Runs in the normal
suite on PostgreSQL; the scratch databases are dropped even when a test fails.
"""

import os
import shutil
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.db import connection
from psycopg2 import sql

from core import interchange
from districts.services import platform_create
from tools.bench_files import (
    grievances_csv,
    officials_csv,
    reviews_csv,
    surveys_csv,
)

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("pg_dump", "pg_restore", "psql")

pytestmark = [
    pytest.mark.skipif(
        any(shutil.which(tool) is None for tool in TOOLS),
        reason="the restore drill needs pg_dump, pg_restore and psql on PATH "
        "(apt-get install postgresql-client)",
    ),
    pytest.mark.django_db(transaction=True),
]


def url(name: str) -> str:
    s = connection.settings_dict
    credentials = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        credentials += ":" + quote(s["PASSWORD"], safe="")
    host = s["HOST"] or "localhost"
    port = s["PORT"] or 5432
    return f"postgresql://{credentials}@{host}:{port}/{name}"


def run(script: str, *args: str, database: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "FORCE")}
    environment.update(BACKUP_DATABASE_URL=url(database), **env)
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def connect(database: str):  # type: ignore[no-untyped-def]
    s = connection.settings_dict
    return psycopg2.connect(
        dbname=database,
        user=s["USER"],
        password=s["PASSWORD"],
        host=s["HOST"],
        port=s["PORT"] or 5432,
    )


@pytest.fixture
def scratch_database():
    """A new empty database, dropped afterwards whatever happens."""
    if connection.vendor != "postgresql":
        pytest.skip("the restore drill is for PostgreSQL")
    name = f"{connection.settings_dict['NAME']}_drill_{uuid.uuid4().hex[:8]}"
    admin = connect("postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        admin.close()


@pytest.fixture
def populated(city, staff_a1, admin_city):
    """The test city with departments, officials and postings, a submitted meeting per
    community of street DB-1, surveys, grievances (some corrected, so with history and
    follow-ups), through the same imports an administrator uses."""
    platform_create(streets=[city.street_a1, city.street_a2, city.street_b1])
    platform_create(communities=city.a1 + city.a2 + city.b1)
    codes = [c.code for c in city.b1]
    everywhere = [c.code for c in city.a1 + city.a2 + city.b1]
    streets = [city.street_a1.code, city.street_a2.code, city.street_b1.code]
    interchange.run_import("officials", officials_csv(codes, 12), user=admin_city)
    interchange.run_import("reviews", reviews_csv(codes, 12), user=admin_city)
    interchange.run_import("surveys", surveys_csv(streets, 6), user=admin_city)
    interchange.run_import("grievances", grievances_csv(everywhere, 40), user=admin_city)
    interchange.run_import(
        "grievances", grievances_csv(everywhere, 10, summary="已更正"), user=admin_city
    )
    return connection.settings_dict["NAME"]


def fingerprint(database: str) -> dict[str, tuple[int, str]]:
    """Every table of the public schema: its row count and the md5 of its rows in
    primary-key order; and every sequence's last value."""
    conn = connect(database)
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            tables = [name for (name,) in cursor.fetchall()]
            result: dict[str, tuple[int, str]] = {}
            for table in tables:
                cursor.execute(
                    """
                    SELECT a.attname FROM pg_index i
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                    WHERE i.indrelid = %s::regclass AND i.indisprimary
                    ORDER BY array_position(i.indkey, a.attnum)
                    """,
                    [f'public."{table}"'],
                )
                key = [name for (name,) in cursor.fetchall()]
                order = (
                    sql.SQL(", ").join(sql.SQL("t.") + sql.Identifier(k) for k in key)
                    if key
                    else sql.SQL("t::text")
                )
                cursor.execute(
                    sql.SQL(
                        "SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY {}), ''))"
                        " FROM public.{} AS t"
                    ).format(order, sql.Identifier(table))
                )
                result[table] = cursor.fetchone()
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences"
                " WHERE schemaname = 'public' ORDER BY sequencename"
            )
            for name, last_value in cursor.fetchall():
                result[f"sequence {name}"] = (last_value, "")
        return result
    finally:
        conn.close()


def dump(database: str, path: Path) -> Path:
    done = run("backup.sh", str(path), database=database)
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def backup(populated, tmp_path):
    """A backup of the populated test database."""
    return dump(populated, tmp_path / "backups" / "drill.dump")


@pytest.fixture
def small_backup(tmp_path):
    """A backup of the test database as migrated (content types, permissions): enough
    for the refusals, and quicker."""
    if connection.vendor != "postgresql":
        pytest.skip("the restore drill is for PostgreSQL")
    return dump(connection.settings_dict["NAME"], tmp_path / "backups" / "small.dump")


def test_a_backup_restored_into_an_empty_database_has_every_table_row_for_row(
    populated, backup, scratch_database
):
    restored = run("restore.sh", str(backup), database=scratch_database)
    assert restored.returncode == 0, restored.stderr
    original = fingerprint(populated)
    copy = fingerprint(scratch_database)
    assert copy == original
    # The drill proves something only if the tables that matter had rows to compare.
    for table in (
        "grievances_grievance",
        "grievances_historicalgrievance",
        "grievances_followup",
        "evaluations_meeting",
        "evaluations_rating",
        "evaluations_historicalmeeting",
        "evaluations_survey",
        "districts_posting",
        "districts_department",
        "districts_user",
    ):
        assert original[table][0] > 0, table
    assert original["grievances_grievance"][0] == 40


def test_a_backup_is_readable_by_its_owner_only(small_backup):
    assert small_backup.stat().st_mode & 0o077 == 0


def test_restore_refuses_a_database_that_is_not_empty(small_backup, scratch_database):
    assert run("restore.sh", str(small_backup), database=scratch_database).returncode == 0
    before = fingerprint(scratch_database)
    again = run("restore.sh", str(small_backup), database=scratch_database)
    assert again.returncode == 1
    assert "is not empty" in again.stderr
    assert "FORCE=1" in again.stderr
    assert fingerprint(scratch_database) == before


def test_restore_with_force_replaces_the_tables_of_a_database_that_is_not_empty(
    populated, backup, scratch_database
):
    assert run("restore.sh", str(backup), database=scratch_database).returncode == 0
    conn = connect(scratch_database)
    with conn, conn.cursor() as cursor:
        cursor.execute("DELETE FROM grievances_followup")
        cursor.execute("UPDATE grievances_grievance SET summary = 'changed after the backup'")
    conn.close()
    assert fingerprint(scratch_database) != fingerprint(populated)
    forced = run("restore.sh", str(backup), database=scratch_database, FORCE="1")
    assert forced.returncode == 0, forced.stderr
    assert fingerprint(scratch_database) == fingerprint(populated)


def test_backup_refuses_to_overwrite_an_existing_file(small_backup):
    again = run("backup.sh", str(small_backup), database=connection.settings_dict["NAME"])
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_backup_without_a_database_url_says_which_variable_to_set(tmp_path):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "BACKUP_DATABASE_URL")
    }
    done = subprocess.run(
        [str(ROOT / "scripts" / "backup.sh"), str(tmp_path / "x.dump")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "set DATABASE_URL (or BACKUP_DATABASE_URL)" in done.stderr
    assert not (tmp_path / "x.dump").exists()
