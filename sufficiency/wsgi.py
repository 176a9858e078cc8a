import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sufficiency.settings")
application = get_wsgi_application()

from sufficiency.checks import refuse_unsafe_production  # noqa: E402

refuse_unsafe_production()

from sufficiency.warm import warm_up  # noqa: E402

# Every worker does its start-up work now, not on its first user's request (ADR 0017).
if os.environ.get("WARM_UP", "1") != "0":
    warm_up()
