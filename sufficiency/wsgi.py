import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sufficiency.settings")
application = get_wsgi_application()

from sufficiency.checks import refuse_unsafe_production  # noqa: E402

refuse_unsafe_production()
