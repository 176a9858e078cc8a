"""A cast of users: one per role in one council, and one from another council who sees nothing."""

import pytest

from sufficiency.councils import LocalAuthority, Membership, User
from sufficiency.roles import Role

PASSWORD = "correct horse battery staple"


@pytest.fixture
def la(db) -> LocalAuthority:
    return LocalAuthority.objects.create(name="Testshire County Council", code="E10000099")


@pytest.fixture
def other_la(db) -> LocalAuthority:
    return LocalAuthority.objects.create(name="Elsewhere Borough Council", code="E09000099")


def make_user(username: str, la: LocalAuthority, role: str) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(user=user, la=la, role=role)
    return user


@pytest.fixture
def cast(la, other_la) -> dict[str, User]:
    """viewer, editor, analyst and admin of `la`, and `outsider`, an admin of `other_la` only."""
    users = {role: make_user(role, la, role) for role in Role.values}
    users["outsider"] = make_user("outsider", other_la, Role.ADMIN)
    return users


@pytest.fixture
def client_for(client, cast):
    """client_for("editor") is a test client signed in as that member of the cast."""

    def sign_in(name: str):
        client.force_login(cast[name])
        return client

    return sign_in


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness is for attackers, not for a test suite that makes many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings, tmp_path):
    # Background tasks run inside the request in tests, so a test sees their result at once;
    # uploaded files go to a throwaway folder.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    # DfE's rules take tens of seconds a return; the tests of them run them directly.
    settings.DFE_RULES_AFTER_IMPORT = False


@pytest.fixture(autouse=True, scope="session")
def chart_renderer_stopped_at_the_end():
    # Report tests start Chromium through kaleido once for the whole session; stop it before
    # the interpreter shuts down, when its threads can no longer wind down.
    yield
    from reports.pdf import renderer

    renderer.stop()
