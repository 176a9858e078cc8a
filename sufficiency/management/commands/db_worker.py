"""`db_worker`: django-tasks-db's worker command, running the worker that survives a locked
database and clears stuck tasks (sufficiency/worker.py). It takes the same options.

It replaces django-tasks-db's command of the same name because `sufficiency` comes before
`django_tasks_db` in INSTALLED_APPS.
"""

from django_tasks_db.management.commands import db_worker

from sufficiency.worker import SurvivingWorker


class Command(db_worker.Command):
    help = "Run the background task worker (survives a locked database, clears stuck tasks)"

    def handle(self, *args, **options):
        # The parent builds its Worker from the module's name `Worker`: point that at ours
        # for this command only (the module is otherwise unused in this process).
        db_worker.Worker = SurvivingWorker
        return super().handle(*args, **options)
