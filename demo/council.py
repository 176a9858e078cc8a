"""The demo council and its users, one per role, for `make demo`."""

import secrets

from django.db import transaction

from sufficiency.councils import LocalAuthority, Membership, User
from sufficiency.roles import Role

DEMO_LA_CODE = "E08000031"
DEMO_LA_NAME = "Demo City Council"
# A second council lets the admin try the council switcher; it has no data of its own.
SECOND_LA_CODE = "E06000999"
SECOND_LA_NAME = "Second Demo Council"
# The service's own operator: Django staff for /admin/, and in no council. Council users,
# admins included, are never staff: /admin/ shows every council's data.
OPERATOR_USERNAME = "operator"


@transaction.atomic
def create_demo_council(
    *, password: str | None = None, keep_passwords: bool = False
) -> tuple[LocalAuthority, str | None]:
    """The demo council, its users and memberships. With `keep_passwords`, users who already
    exist keep the password they have (running `make demo` again must not lock anyone out);
    the password returned is the one set on new users, None when no user was new."""
    la, _ = LocalAuthority.objects.update_or_create(
        code=DEMO_LA_CODE, defaults={"name": DEMO_LA_NAME, "old_la_code": "336"}
    )
    second, _ = LocalAuthority.objects.update_or_create(
        code=SECOND_LA_CODE, defaults={"name": SECOND_LA_NAME}
    )
    password = password or secrets.token_urlsafe(12)
    any_set = False
    for role in Role.values:
        user, created = User.objects.get_or_create(
            username=role, defaults={"first_name": f"Demo {role}"}
        )
        if created or not keep_passwords:
            user.set_password(password)
            any_set = True
        # Council admins are never Django staff: staff are the service's operators.
        user.is_staff = False
        user.is_superuser = False
        user.save()
        Membership.objects.update_or_create(user=user, la=la, defaults={"role": role})
    admin = User.objects.get(username=Role.ADMIN)
    Membership.objects.update_or_create(user=admin, la=second, defaults={"role": Role.ADMIN})
    operator, created_operator = User.objects.get_or_create(
        username=OPERATOR_USERNAME, defaults={"first_name": "Service operator"}
    )
    if created_operator or not keep_passwords:
        operator.set_password(password)
    operator.is_staff = True
    operator.is_superuser = True
    operator.save()
    operator.memberships.all().delete()
    return la, password if any_set else None
