"""How people join a council and sign in: invitations, and the council's identity provider."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from sufficiency.councils import LocalAuthority
from sufficiency.roles import Role


def token_hash(token: str) -> str:
    """Links carry the token; the database keeps only its hash, so a copy of it opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A one-time, expiring link that gives the person at an email address a role in a council.

    A council's first admin gets one from create_council; later people from the team page.
    """

    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} invited to {self.la} as {self.get_role_display()}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class CouncilSignIn(models.Model):
    """A council's own identity provider (OpenID Connect, as Microsoft Entra ID offers).

    The provider itself is an allauth "openid_connect" SocialApp (Django admin, Social
    applications) whose provider ID is `provider_id`; this record ties it to the council and
    says who may come through it.
    """

    la = models.OneToOneField(LocalAuthority, on_delete=models.CASCADE, related_name="sign_in")
    provider_id = models.SlugField(
        max_length=60,
        unique=True,
        help_text="The provider ID of the council's OpenID Connect social application",
    )
    label = models.CharField(
        max_length=120, blank=True, help_text="Shown on the button, e.g. 'your council account'"
    )
    email_domains = models.CharField(
        max_length=500,
        blank=True,
        help_text="The council's own email domains, comma-separated, e.g. wolverhampton.gov.uk",
    )
    default_role = models.CharField(
        max_length=10,
        choices=Role.choices,
        blank=True,
        help_text="The role of a person from these domains with no invitation; "
        "blank means invitation only",
    )

    class Meta:
        verbose_name = "council identity provider"

    def __str__(self) -> str:
        return f"{self.la} signs in through {self.provider_id}"

    def domains(self) -> set[str]:
        return {d.strip().lower().lstrip("@") for d in self.email_domains.split(",") if d.strip()}
