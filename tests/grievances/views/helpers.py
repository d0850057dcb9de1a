"""What the tests of the grievance pages read off a response: the references a list
shows, and the queries a page makes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def refs(response):
    return sorted(row.record.reference for row in response.context["table"].rows)


def count(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)
