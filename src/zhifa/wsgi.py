import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
application = get_wsgi_application()

from zhifa.core.checks import secret_key_problem  # noqa: E402  (needs the settings loaded above)

if secret_key_problem():
    # A WSGI server runs no system checks: refuse here rather than serve on a public key.
    raise ImproperlyConfigured(secret_key_problem())
