"""WSGI entry point (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
# the web process: its SQL statements get the web's statement_timeout (config/settings/base.py)
os.environ.setdefault("DJANGO_PROCESS", "web")
application = get_wsgi_application()
