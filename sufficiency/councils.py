from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from sufficiency.formatting import count
from sufficiency.roles import Role


class User(AbstractUser):
    """A person who signs in. What they may see comes from their memberships, never from here."""

    def councils(self) -> models.QuerySet["LocalAuthority"]:
        return LocalAuthority.objects.filter(memberships__user=self).order_by("name")


class LocalAuthority(models.Model):
    """A council with the sufficiency duty. Every piece of a council's data hangs off one."""

    name = models.CharField(max_length=120)
    code = models.CharField(max_length=12, unique=True, help_text="ONS code, for example E08000031")
    old_la_code = models.CharField(
        max_length=3, blank=True, help_text="DfE's three-digit LA number, for example 336"
    )
    region_code = models.CharField(max_length=12, blank=True, help_text="ONS region code")
    region_name = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "local authority"
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one council. A user may hold roles in several councils."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "la"], name="one_role_per_council")]
        ordering = ["la__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display()} in {self.la}"


class Population(models.Model):
    """A council's population aged 0-17 in a year: the denominator of the rate per 10,000."""

    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(help_text="Collection year, ending 31 March")
    children = models.PositiveIntegerField(help_text="Children aged 0 to 17")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["la", "year"], name="one_population_a_year")]
        ordering = ["la", "year"]

    def __str__(self) -> str:
        return f"{self.la}: {count(self.children)} children aged 0-17 in {self.year}"
