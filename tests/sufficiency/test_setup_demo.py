"""Running `make demo` again (setup_demo) keeps the user's work; --reset says what it deletes."""

import io

from django.core.management import call_command

from demo import plan
from demo.management.commands import setup_demo
from sufficiency.councils import User
from sufficiency.plan.models import Action, Strategy


def run(*args) -> str:
    out = io.StringIO()
    call_command("setup_demo", *args, stdout=out)
    return out.getvalue()


def test_a_second_setup_demo_keeps_an_edited_action_and_the_password(db, monkeypatch):
    # Only the strategy's loader: the others are not what this test is about, and take long.
    monkeypatch.setattr(setup_demo, "DEMO_LOADERS", [plan.load_demo])
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    first = run()
    password = first.split("with the password: ")[1].split()[0]
    action = Action.objects.order_by("pk").first()
    action.title = "Recruit 12 foster carers (edited by the user)"
    action.save()
    actions = Action.objects.count()

    second = run()
    assert "Demo strategy and action plan already there: kept as it is" in second
    assert "password you were given before: it is unchanged" in second
    action.refresh_from_db()  # the same row, so old links to it still work
    assert action.title == "Recruit 12 foster carers (edited by the user)"
    assert Action.objects.count() == actions
    assert User.objects.get(username="editor").check_password(password)

    reset = run("--reset")
    assert "Reset: deleted 1 strategies" in reset
    assert not Action.objects.filter(pk=action.pk).exists()
    assert Strategy.objects.count() == 1
    new_password = reset.split("with the password: ")[1].split()[0]
    assert User.objects.get(username="editor").check_password(new_password)
    assert not User.objects.get(username="editor").check_password(password)
