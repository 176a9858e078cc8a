"""A council joins: created from its ONS code and filled from the published files the product
ships (DfE's tables and neighbour groupings, ONS's populations), with its first admin invited.

It lives with the reports because it reads and loads the published benchmarks, and fills the
cohort's populations; the team and sign-in it hands over to are sufficiency.accounts'.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from placements.cohort.services import record_published_population
from reports.benchmarks import PUBLISHED_FILES
from reports.models import Benchmark, StatisticalNeighbour
from reports.services import import_benchmarks
from sufficiency.accounts.services import SentInvitation, invite
from sufficiency.audit import services as audit
from sufficiency.audit.models import Action
from sufficiency.councils import LocalAuthority, User
from sufficiency.formatting import count
from sufficiency.roles import Role


@dataclass
class CouncilCreated:
    la: LocalAuthority
    created: bool
    populations: dict[int, int] = field(default_factory=dict)
    neighbours: list[str] = field(default_factory=list)
    benchmark_figures: int = 0
    invitation: SentInvitation | None = None

    def lines(self) -> list[str]:
        la = self.la
        lines = [
            f"{'Created' if self.created else 'Updated'} {la.name} ({la.code}), DfE number "
            f"{la.old_la_code or 'unknown'}, region {la.region_name or 'unknown'}"
        ]
        if self.populations:
            years = sorted(self.populations)
            lines.append(
                f"Population aged 0-17: {len(years)} years ({years[0]} to {years[-1]}), "
                f"{count(self.populations[years[-1]])} children in {years[-1]}"
            )
        else:
            lines.append("Population aged 0-17: none published for this code")
        lines.append(
            f"Statistical neighbours: {', '.join(self.neighbours)}"
            if self.neighbours
            else "Statistical neighbours: none published"
        )
        lines.append(
            f"Published benchmarks: {count(self.benchmark_figures)} figures for this council"
        )
        if self.invitation:
            lines.append(
                f"First admin {self.invitation.invitation.email} invited; their one-time link "
                f"(valid {settings.SUFFICIENCY_INVITATION_DAYS} days): {self.invitation.link}"
            )
        return lines


class UnknownCouncil(Exception):
    pass


def create_council(
    *,
    code: str,
    name: str = "",
    admin_email: str = "",
    by: User | None = None,
    base_url: str | None = None,
    request=None,
) -> CouncilCreated:
    """A council from its ONS code, filled from the DfE and ONS files shipped in fixtures/.

    Its name, DfE number and region come from DfE's published tables (loaded first when they
    are not), its population from ONS's estimates, its neighbours from DfE's groupings; the
    same services load them as for every council (reports.services.import_benchmarks,
    placements.cohort.services.record_published_population).
    """
    code = code.strip().upper()
    _load_published_benchmarks(code)
    published = (
        Benchmark.objects.filter(level=Benchmark.Level.LOCAL_AUTHORITY, area_code=code)
        .order_by("-year")
        .first()
    )
    if published is None:
        raise UnknownCouncil(f"{code} is not a council in DfE's published tables")
    region = (
        Benchmark.objects.filter(level=Benchmark.Level.REGIONAL, area_code=published.region_code)
        .values_list("area_name", flat=True)
        .first()
    )
    with transaction.atomic():
        la, created = LocalAuthority.objects.update_or_create(
            code=code,
            defaults={
                "name": name.strip() or published.area_name,
                "old_la_code": published.old_la_code,
                "region_code": published.region_code,
                "region_name": region or "",
            },
        )
        record_published_population(la=la)
        populations = dict(la.populations.values_list("year", "children"))
        neighbour_numbers = list(
            StatisticalNeighbour.objects.filter(old_la_code=la.old_la_code)
            .order_by("rank")
            .values_list("neighbour_old_la_code", flat=True)
        )
        names = dict(
            Benchmark.objects.filter(
                level=Benchmark.Level.LOCAL_AUTHORITY, old_la_code__in=neighbour_numbers
            ).values_list("old_la_code", "area_name")
        )
        result = CouncilCreated(
            la=la,
            created=created,
            populations=populations,
            neighbours=[names.get(n, n) for n in neighbour_numbers],
            benchmark_figures=Benchmark.objects.filter(area_code=code).count(),
        )
        audit.record(
            Action.COUNCIL_CREATED,
            f"{'Created' if created else 'Updated'} {la.name} from the published files",
            request=request,
            user=by,
            la=la,
        )
    if admin_email:
        result.invitation = invite(
            la=la,
            email=admin_email,
            role=Role.ADMIN,
            invited_by=by,
            base_url=base_url,
            request=request,
        )
    return result


def _load_published_benchmarks(code: str) -> None:
    if Benchmark.objects.filter(area_code=code).exists() and StatisticalNeighbour.objects.exists():
        return
    folder = settings.BASE_DIR / "fixtures" / "dfe"
    import_benchmarks([folder / name for name in PUBLISHED_FILES])
