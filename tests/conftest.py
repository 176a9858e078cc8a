"""A cast of users: one per role in one council, and one from another council who sees nothing."""

import time

import pytest

from sufficiency.councils import LocalAuthority, User
from sufficiency.roles import Role
from tests.factories import PASSWORD, LocalAuthorityFactory, MembershipFactory, UserFactory

__all__ = ["PASSWORD"]  # tests sign in with it
# Every member of the cast has set up an authenticator app with this secret, so a test (or a
# browser test) can compute the code the app would show: see totp_code().
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows now for `secret` (RFC 6238)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(at or time.time()) // 30))


def give_totp(user: User, secret: str = TOTP_SECRET):
    from allauth.mfa.totp.internal.auth import TOTP

    return TOTP.activate(user, secret).instance


def sign_in(client, user: User):
    """Sign the test client in as `user` as if they had given their password and TOTP code:
    the session holds the records allauth writes after both steps (the sign-in flow itself is
    tested in tests/sufficiency/accounts/). A user with no authenticator app gets one first,
    as they would have to before reaching a council page (the benchmarks sign in this way)."""
    from allauth.mfa.models import Authenticator

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        give_totp(user)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    session = client.session
    now = time.time()
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "password", "at": now, "username": user.get_username()},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session.save()
    return client


@pytest.fixture
def la(db) -> LocalAuthority:
    return LocalAuthorityFactory(name="Testshire County Council", code="E10000099")


@pytest.fixture
def other_la(db) -> LocalAuthority:
    return LocalAuthorityFactory(name="Elsewhere Borough Council", code="E09000099")


def make_user(username: str, la: LocalAuthority, role: str) -> User:
    user = MembershipFactory(user=UserFactory(username=username), la=la, role=role).user
    give_totp(user)
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

    def signed_in(name: str):
        return sign_in(client, cast[name])

    return signed_in


@pytest.fixture(autouse=True)
def plain_http_transport(settings):
    # Tests run with the production settings (DEBUG off, its default) except the HTTPS transport:
    # the test client and the browser tests speak plain HTTP to a local server, and static files
    # come from the source folders rather than a collected manifest.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness is for attackers, not for a test suite that makes many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache():
    # allauth keeps used TOTP codes and its rate limits in the cache; each test starts afresh.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings, tmp_path):
    # Background tasks run inside the request in tests, so a test sees their result at once;
    # uploaded files go to a throwaway folder.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    # Stored cohorts (placements.cohort.store) too: ids restart with each test's database.
    settings.COHORT_STORE_DIR = tmp_path / "cohort"
    # DfE's rules take tens of seconds a return; the tests of them run them directly.
    settings.DFE_RULES_AFTER_IMPORT = False


@pytest.fixture(autouse=True, scope="session")
def chart_renderer_stopped_at_the_end():
    # Report tests start Chromium through kaleido once for the whole session; stop it before
    # the interpreter shuts down, when its threads can no longer wind down.
    yield
    from reports.pdf import renderer

    renderer.stop()
