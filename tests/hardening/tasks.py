"""A task for the worker tests: it only says it ran."""

from django.tasks import task


@task()
def ping() -> str:
    return "pong"
