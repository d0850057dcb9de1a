"""Fuzz: every URL pattern, every parameter it reads, every role, hostile values: no 500.

A generated matrix, deterministic (no randomness at all), over:

* every URL pattern of ``get_resolver()`` (the admin's included), its path parameters
  filled with real codes and ids of a small city, then each replaced by each hostile value;
* every GET parameter the page reads (recorded while it runs, plus the fields of its GET
  forms and the query keys of its own links), each set to each hostile value;
* every POST form found on the pages a role opens (its fields and defaults read from the
  HTML, hidden ones included), each field set to each hostile value, the others valid;
* every column of every CSV kind, through the admin's import page;

as each role: anonymous, street staff, district official, city official, city
administrator, superuser and department staff. Each request runs in a savepoint that is
rolled back, so every input meets the same data. The admin turns away
non-administrators at its door, before any parameter is read: for them an admin page
gets its real address and one hostile value per parameter, not the whole list.

A 500 fails the test, listed with its method, address and data.

One module per job: ``hostile`` (the values and the roles), ``routes`` (every URL pattern
and real values for its parameters), ``pages`` (the forms and links of a page, the keys a
view reads), ``sessions`` (one role's browser, each request rolled back), ``plan`` (every
target discovered, then the inputs), ``csv_rows`` (a valid row of each CSV kind), and
``conftest`` (the small city's objects). The tests: ``test_pages`` (addresses, parameters
and forms) and ``test_csv`` (CSV columns).
"""
