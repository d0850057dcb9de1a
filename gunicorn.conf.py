"""gunicorn's settings: read from the project folder (gunicorn's default ``./gunicorn.conf.py``)
or given with ``-c gunicorn.conf.py``.

No ``Server`` header. gunicorn writes ``Server: gunicorn`` on every response and has no
setting to leave it out, so its response class is told not to here, before any worker
starts. The header tells nobody anything they need, and tells a scanner which server's
weaknesses to try. (Django adds no ``Server`` header of its own; ``runserver`` does, but it
is for development only.)
"""

from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self: wsgi.Response) -> list[str]:
    return [h for h in _default_headers(self) if not h.lower().startswith("server:")]


wsgi.Response.default_headers = _default_headers_without_server
