from django.db import transaction

from sufficiency.councils import LocalAuthority, Membership, User


@transaction.atomic
def grant_role(*, la: LocalAuthority, username: str, role: str) -> Membership:
    user = User.objects.get(username=username)
    membership, _ = Membership.objects.update_or_create(user=user, la=la, defaults={"role": role})
    return membership
