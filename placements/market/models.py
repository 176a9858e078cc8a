"""The provider market: Ofsted-registered providers (national reference data, shared by every
council) and what each council buys from them: contracts, weekly costs and vacancies.

A provider is keyed by its Ofsted URN, the same URN a child's SSDA903 episode names, which is
how the market meets the cohort. Contracts, costs and vacancies belong to one council and are
always read with `la=`. Every change is kept by django-simple-history (who and when).
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from placements.cohort.measures import CATEGORY_LABELS, PLACEMENT_CATEGORIES
from sufficiency.councils import LocalAuthority

__all__ = [
    "Contract", "ContractKind", "Cost", "Inspection", "LocalProviderRecord", "Provider",
    "ProviderImport", "ProviderType", "Rating", "Sector", "Vacancy",
]  # fmt: skip

CATEGORY_CHOICES = [(key, CATEGORY_LABELS[key]) for key in PLACEMENT_CATEGORIES]


class ProviderType(models.TextChoices):
    CHILDRENS_HOME = "childrens_home", "Children's home"
    IFA = "ifa", "Independent fostering agency"
    LA_FOSTERING = "la_fostering", "Local authority fostering service"
    SUPPORTED_ACCOMMODATION = "supported_accommodation", "Supported accommodation"
    SECURE = "secure", "Secure children's home"
    RESIDENTIAL_SCHOOL = "residential_school", "Residential special school"
    FAMILY_CENTRE = "family_centre", "Residential family centre"
    ADOPTION = "adoption", "Adoption agency"
    OTHER = "other", "Other"


class Sector(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    PRIVATE = "private", "Private"
    VOLUNTARY = "voluntary", "Voluntary"
    HEALTH = "health", "Health authority"
    UNKNOWN = "unknown", "Not known"


class Rating(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_YET_INSPECTED = "not_yet_inspected", "Not yet inspected"


GOOD_OR_BETTER = frozenset({Rating.OUTSTANDING, Rating.GOOD})


class ProviderQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(registration_status__iexact="closed")


class Provider(models.Model):
    """A setting registered with Ofsted (a children's home, an agency...): national data."""

    urn = models.CharField("URN", max_length=10, unique=True)
    name = models.CharField(max_length=200)
    provider_type = models.CharField(
        max_length=30, choices=ProviderType.choices, default=ProviderType.OTHER
    )
    provider_type_text = models.CharField(
        max_length=120, blank=True, help_text="The provider type as Ofsted wrote it"
    )
    sector = models.CharField(max_length=20, choices=Sector.choices, default=Sector.UNKNOWN)
    owner = models.CharField("owner or organisation", max_length=200, blank=True)
    local_authority = models.CharField("local authority area", max_length=120, blank=True)
    region = models.CharField(max_length=60, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    # From the ONS Postcode Directory when the postcode is recorded: where the setting is.
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)
    council_code = models.CharField(
        max_length=12, blank=True, db_index=True, help_text="Council whose area holds the setting"
    )
    places = models.PositiveIntegerField("registered places", null=True, blank=True)
    registration_status = models.CharField(max_length=40, blank=True)
    registration_date = models.DateField(null=True, blank=True)
    closed_date = models.DateField(null=True, blank=True)
    registration_categories = models.CharField(max_length=500, blank=True)
    rating = models.CharField(
        "latest overall effectiveness",
        max_length=25,
        choices=Rating.choices,
        default=Rating.NOT_YET_INSPECTED,
    )
    rating_date = models.DateField("latest inspection date", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["provider_type", "sector"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"


class Inspection(models.Model):
    """One inspection's overall judgement. Imports add to this history, never replace it."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="inspections")
    date = models.DateField()
    rating = models.CharField(max_length=25, choices=Rating.choices)
    inspection_type = models.CharField(max_length=60, blank=True, default="Full inspection")

    class Meta:
        ordering = ["provider", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "date"], name="one_inspection_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.provider.urn} {self.date}: {self.get_rating_display()}"


class ProviderImport(models.Model):
    """One import of the Ofsted list: what it did and every row it rejected, and why."""

    la = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    file_name = models.CharField(max_length=255)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    columns = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name}: {self.created} created, {self.updated} updated"


class ContractKind(models.TextChoices):
    FRAMEWORK = "framework", "Framework"
    BLOCK = "block", "Block"
    SPOT = "spot", "Spot"
    IN_HOUSE = "in_house", "In-house"


class CouncilOwned(models.Model):
    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class Contract(CouncilOwned):
    """How a council buys from a provider: on a framework, a block of places, spot or in-house."""

    kind = models.CharField(max_length=10, choices=ContractKind.choices)
    framework = models.CharField("framework name", max_length=200, blank=True)
    lot = models.CharField("lot or tier", max_length=100, blank=True)
    category = models.CharField(
        "placement category", max_length=30, choices=CATEGORY_CHOICES, blank=True
    )
    places = models.PositiveIntegerField(
        "places bought", null=True, blank=True, help_text="For a block contract"
    )
    start = models.DateField("start date")
    end = models.DateField("end date", null=True, blank=True)
    weekly_price = models.DecimalField(
        "weekly price (£)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["provider__name", "-start"]
        indexes = [models.Index(fields=["la", "provider"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} contract with {self.provider.name}"


class Cost(CouncilOwned):
    """The weekly cost of a placement with a provider in a category, from a date."""

    category = models.CharField("placement category", max_length=30, choices=CATEGORY_CHOICES)
    weekly_cost = models.DecimalField("weekly cost (£)", max_digits=9, decimal_places=2)
    start = models.DateField("from")
    end = models.DateField("until", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["provider__name", "category", "-start"]
        indexes = [models.Index(fields=["la", "provider"])]

    def __str__(self) -> str:
        return f"£{self.weekly_cost}/week, {CATEGORY_LABELS.get(self.category, self.category)}"


class Vacancy(CouncilOwned):
    """Places a provider said were free on a date."""

    date = models.DateField()
    places_free = models.PositiveIntegerField("places free")
    category = models.CharField(
        "placement category", max_length=30, choices=CATEGORY_CHOICES, blank=True
    )
    notes = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "provider__name"]
        verbose_name_plural = "vacancies"
        indexes = [models.Index(fields=["la", "date"])]

    def __str__(self) -> str:
        return f"{self.places_free} free at {self.provider.name} on {self.date:%-d %b %Y}"


class LocalProviderRecord(CouncilOwned):
    """What one council records about a provider: the name its staff use, the area or locality
    it files it under, and notes. Ofsted's national fields live on Provider and are never changed
    by a council; another council never sees this."""

    local_name = models.CharField(
        "local name",
        max_length=200,
        blank=True,
        help_text="The name your staff use, if not Ofsted's",
    )
    area = models.CharField(
        "area or locality",
        max_length=120,
        blank=True,
        help_text="How your council files it, for example a locality",
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["la", "provider"], name="one_local_record_a_provider")
        ]

    def __str__(self) -> str:
        return f"{self.la} record of {self.provider.urn}"
