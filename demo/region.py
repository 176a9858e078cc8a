"""A small demo region: the demo council and two generated neighbours, all sharing, and a
regional commissioner. The demo council's own data is not touched: its neighbours are other
councils with their own synthetic returns."""

import secrets
from pathlib import Path

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings

from demo import synthetic
from demo.accounts import DEMO_TOTP_SECRET
from placements.cohort.models import Return
from placements.cohort.services import (
    cohort_built_once,
    import_files,
    record_published_population,
)
from sufficiency.councils import LocalAuthority, User
from sufficiency.regions.models import Region, RegionalMembership, RegionMember
from sufficiency.roles import RegionalRole

REGION_CODE = "demo-region"
REGION_NAME = "Black Country Care Co-operative (demo)"
REGIONAL_USERNAME = "regional"
# Wolverhampton's neighbours (the demo council's postcodes are Wolverhampton's), generated
# smaller than the demo council and over three years, so `make demo` stays quick.
NEIGHBOURS = (
    ("E08000030", "Walsall (demo neighbour)", 30),
    ("E08000027", "Dudley (demo neighbour)", 31),
)
FIRST_YEAR, LAST_YEAR, CHILDREN = 2023, 2025, 700


def demo_region() -> Region:
    region, _ = Region.objects.get_or_create(code=REGION_CODE, defaults={"name": REGION_NAME})
    return region


def load_demo(*, la: LocalAuthority, stdout) -> None:
    region = demo_region()
    RegionMember.objects.get_or_create(la=la, defaults={"region": region, "shares": True})
    for code, name, seed in NEIGHBOURS:
        neighbour, _ = LocalAuthority.objects.update_or_create(code=code, defaults={"name": name})
        record_published_population(la=neighbour)
        RegionMember.objects.get_or_create(
            la=neighbour, defaults={"region": region, "shares": True}
        )
        imported = set(
            Return.objects.filter(la=neighbour, status=Return.Status.IMPORTED).values_list(
                "year", flat=True
            )
        )
        wanted = set(range(FIRST_YEAR, LAST_YEAR + 1))
        if wanted <= imported:
            continue
        folder = Path(settings.VAR_DIR) / "demo-returns" / code
        returns = synthetic.generate(
            la_code=code, first_year=FIRST_YEAR, last_year=LAST_YEAR, children=CHILDREN,
            seed=seed,
        )  # fmt: skip
        synthetic.write_returns(returns, folder, la_code=code)
        with cohort_built_once():
            for year in sorted(wanted - imported):
                import_files(la=neighbour, year=year, paths=[folder / str(year)])
        stdout.write(f"Demo region: {name} imported ({CHILDREN:,} children, {FIRST_YEAR}-"
                     f"{LAST_YEAR})")  # fmt: skip
    stdout.write(f"Demo region: {REGION_NAME}, at /regions/{REGION_CODE}/")


def create_regional_user(*, password: str | None, keep_passwords: bool) -> str | None:
    """The regional commissioner; the password set on it when it is new (or on a reset), else
    None. A new regional user in an existing demo gets a password of its own."""
    user, created = User.objects.get_or_create(
        username=REGIONAL_USERNAME, defaults={"first_name": "Demo regional commissioner"}
    )
    chosen = None
    if created or not keep_passwords:
        chosen = password or secrets.token_urlsafe(12)
        user.set_password(chosen)
        user.save()
    RegionalMembership.objects.update_or_create(
        user=user, region=demo_region(),
        defaults={"role": RegionalRole.REGIONAL_COMMISSIONER},
    )  # fmt: skip
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return chosen
