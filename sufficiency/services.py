from django.db import transaction

from sufficiency.models import LocalAuthority, Membership, User


@transaction.atomic
def grant_role(*, la: LocalAuthority, username: str, role: str) -> Membership:
    user = User.objects.get(username=username)
    membership, _ = Membership.objects.update_or_create(user=user, la=la, defaults={"role": role})
    return membership


def council_status(*, la: LocalAuthority) -> list[dict]:
    """What is loaded for a council and what to do next, for the overview page.

    Each later part of the product adds its line here so the overview stays the one place that
    says what is missing.
    """
    from sufficiency.status import status_lines

    return status_lines(la)
