"""Writes for joining and managing a council: invitations, roles, MFA resets, new councils.

Every change here is recorded in the audit trail where it is made.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from sufficiency.accounts.models import Invitation, token_hash
from sufficiency.audit import services as audit
from sufficiency.audit.models import Action
from sufficiency.councils import LocalAuthority, Membership, User
from sufficiency.roles import Role


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    link: str


def invitation_path(token: str) -> str:
    return reverse("accounts_invitation", kwargs={"token": token})


def invite(
    *,
    la: LocalAuthority,
    email: str,
    role: str,
    invited_by: User | None,
    base_url: str | None = None,
    request=None,
) -> SentInvitation:
    """Make a one-time link for `email` to join `la` as `role`, email it, and return it.

    An earlier open invitation to the same address for the same council stops working.
    """
    email = email.strip().lower()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        Invitation.objects.open().filter(la=la, email=email).update(expires_at=timezone.now())
        invitation = Invitation.objects.create(
            la=la,
            email=email,
            role=role,
            token_hash=token_hash(token),
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=settings.SUFFICIENCY_INVITATION_DAYS),
        )
        audit.record(
            Action.INVITE,
            f"Invited {email} as {invitation.get_role_display()}",
            request=request,
            user=invited_by,
            la=la,
            email=email,
            role=role,
        )
    if request is not None:
        link = request.build_absolute_uri(invitation_path(token))
    else:
        link = (base_url or settings.SITE_URL).rstrip("/") + invitation_path(token)
    context = {"invitation": invitation, "link": link, "days": settings.SUFFICIENCY_INVITATION_DAYS}
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}you are invited to {la.name}",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    return SentInvitation(invitation, link)


def find_invitation(token: str) -> Invitation | None:
    """The open invitation a link's token belongs to, or None (used, expired or never made)."""
    return (
        Invitation.objects.open().select_related("la").filter(token_hash=token_hash(token)).first()
    )


def account_for(email: str) -> User | None:
    email = email.strip().lower()
    return (
        User.objects.filter(username__iexact=email).first()
        or User.objects.filter(email__iexact=email).first()
    )


@transaction.atomic
def accept_invitation(
    *,
    invitation: Invitation,
    user: User | None = None,
    password: str = "",
    name: str = "",
    request=None,
) -> User:
    """Give the invited person their role; make their account first when they have none.

    Works once: the invitation is locked and marked accepted in the same transaction.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError("This invitation has expired or has already been used.")
    if user is None:
        user = User(username=invitation.email, email=invitation.email)
        first, _, last = name.strip().partition(" ")
        user.first_name, user.last_name = first[:150], last[:150]
        user.set_password(password)
        user.save()
    _verified_email(user, invitation.email)
    membership, _ = Membership.objects.update_or_create(
        user=user, la=invitation.la, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        Action.JOIN,
        f"{user.get_username()} joined as {membership.get_role_display()}",
        request=request,
        user=user,
        la=invitation.la,
        invitation=invitation.pk,
    )
    return user


def _verified_email(user: User, email: str) -> None:
    # The invitation reached this address, so allauth may send password resets to it.
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(user=user, email__iexact=email).exists():
        EmailAddress.objects.create(
            user=user,
            email=email,
            verified=True,
            primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
        )


def _admins_left(la: LocalAuthority, *, without: Membership) -> int:
    return Membership.objects.filter(la=la, role=Role.ADMIN).exclude(pk=without.pk).count()


@transaction.atomic
def change_role(*, membership: Membership, role: str, by: User, request=None) -> Membership:
    if membership.role == role:
        return membership
    if membership.role == Role.ADMIN and not _admins_left(membership.la, without=membership):
        raise ValidationError("A council needs at least one admin: make someone else admin first.")
    before = membership.get_role_display()
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        Action.ROLE_CHANGE,
        f"Changed {membership.user.get_username()} from {before} to "
        f"{membership.get_role_display()}",
        request=request,
        user=by,
        la=membership.la,
        person=membership.user.get_username(),
        role=role,
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by: User, request=None) -> None:
    if membership.user_id == by.pk:
        raise ValidationError("You cannot remove your own access.")
    if membership.role == Role.ADMIN and not _admins_left(membership.la, without=membership):
        raise ValidationError("A council needs at least one admin.")
    username = membership.user.get_username()
    membership.delete()
    audit.record(
        Action.REMOVE,
        f"Removed {username}",
        request=request,
        user=by,
        la=membership.la,
        person=username,
    )


@transaction.atomic
def cancel_invitation(*, invitation: Invitation, by: User, request=None) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    audit.record(
        Action.REMOVE,
        f"Cancelled the invitation to {invitation.email}",
        request=request,
        user=by,
        la=invitation.la,
        email=invitation.email,
    )


@transaction.atomic
def end_sessions(user: User) -> int:
    """Sign the person out everywhere. A reset authenticator may be in the wrong hands, so a
    session opened with it must not outlive the reset. Sessions live in the database and are
    keyed by a random id, so finding a person's means reading each live one."""
    live = Session.objects.filter(expire_date__gt=timezone.now())
    theirs = [s.pk for s in live.iterator() if s.get_decoded().get(SESSION_KEY) == str(user.pk)]
    Session.objects.filter(pk__in=theirs).delete()
    return len(theirs)


def reset_mfa(*, membership: Membership, by: User, request=None) -> int:
    """Remove the person's authenticator app and recovery codes and end their sessions: at their
    next sign-in they must set MFA up again before reaching any council page."""
    from allauth.mfa.models import Authenticator

    deleted, _ = Authenticator.objects.filter(user=membership.user).delete()
    end_sessions(membership.user)
    audit.record(
        Action.MFA_RESET,
        f"Reset MFA for {membership.user.get_username()}",
        request=request,
        user=by,
        la=membership.la,
        person=membership.user.get_username(),
    )
    return deleted
