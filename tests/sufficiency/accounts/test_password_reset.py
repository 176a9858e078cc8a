"""Forgot your password? allauth's reset flow, by email, in GOV.UK pages with sentence-case
titles; the new password still needs the authenticator app's code to sign in."""

import re

from django.core import mail
from django.urls import reverse

from sufficiency.councils import User
from tests.html import attr, text_of

NEW_PASSWORD = "a different long passphrase"


def test_the_sign_in_page_links_to_the_reset(client, db):
    html = client.get(reverse("login")).content.decode()
    assert attr(html, "a[href='/accounts/password/reset/']", "href") == reverse(
        "account_reset_password"
    )


def test_a_reset_email_is_sent_and_its_link_sets_a_new_password(client, cast):
    editor = cast["editor"]
    editor.email = "editor@testshire.gov.uk"
    editor.save()
    page = client.get(reverse("account_reset_password")).content.decode()
    assert text_of(page, "h1") == "Reset your password"
    assert text_of(page, "title").startswith("Reset your password")
    response = client.post(reverse("account_reset_password"), {"email": editor.email})
    assert response.status_code == 302
    sent = client.get(response["Location"]).content.decode()
    assert text_of(sent, "h1") == "Check your email"
    [email] = mail.outbox
    assert email.to == ["editor@testshire.gov.uk"]
    assert email.subject == "Sufficiency: Reset your password"
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", email.body).group(1)
    # allauth moves the key into the session and redirects to a keyless address.
    form_page = client.get(link, follow=True)
    html = form_page.content.decode()
    assert text_of(html, "h1") == "Choose a new password"
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
    assert text_of(done.content.decode(), "h1") == "Password changed"
    assert User.objects.get(pk=editor.pk).check_password(NEW_PASSWORD)
    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert text_of(again, "h1") == "This link has expired"


def test_an_unknown_address_gets_the_same_answer(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert reverse("account_reset_password_done") == response["Location"]
