"""The hostile values, and the roles that send them."""

HOSTILE = (
    "2147483647",  # the largest integer column value
    "2147483648",  # one past it
    str(2**63),  # one past the largest bigint
    str(10**12),
    "-1",
    "\x00",
    "x" * 10_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "１２３",  # full-width digits
    "0001-01-01",
    "9999-12-31",
    "2010-02-30",
    "01/02/2010",
    "A/B",
)
# and, in every API list's ``cursor``, cursors as the API writes them (base64 of
# o=&r=&p=) with a tampered value inside (tests/api/test_pagination.py has them all)
CURSORS = (
    "cD1hYmM=",  # p=abc
    "cD0A",  # p=<NUL>
    "cj0xJnA9AA==",  # r=1&p=<NUL>
    "cD0lMDA=",  # p=%00
    "bz0tMQ==",  # o=-1
    "cj0y",  # r=2
    "cD05OTk5OTk5OTk5OTk5OTk5OTk5OQ==",  # p=99999999999999999999
    "cD3Zodmi",  # p=١٢
)
# for the roles the admin turns away before reading anything
ONE_HOSTILE = ("\x00",)
# In the default run (FUZZ_FULL=1 takes every value everywhere), the admin's own pages
# (Django's forms over the models' validators) and the table parameters read by the same
# code on every list take SAMPLE values each, in turn so that every value is still used.
SAMPLE = 1
SHARED_PARAMS = {"page", "per_page", "sort", "_export"}
NOT_INPUT = {"csrfmiddlewaretoken"}  # the test client does not check it
ROLES = (
    "anonymous",
    "staff_a1",
    "official_a",
    "city_official",
    "admin_city",
    "superuser",
    "dept_a1",
)
