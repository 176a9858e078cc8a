"""Django admin for staff: creating a council from its ONS code (the same service as
`manage.py create_council`), on the councils' list. It lives here, beside reports.onboarding,
because onboarding loads the reference data of every area."""

from typing import cast

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from reports.onboarding import UnknownCouncil, create_council
from sufficiency.admin import LocalAuthorityAdmin
from sufficiency.councils import LocalAuthority, User


class CreateCouncilForm(forms.Form):
    code = forms.CharField(label="ONS code", max_length=12, help_text="For example E08000031")
    name = forms.CharField(required=False, help_text="Leave empty for DfE's name")
    admin_email = forms.EmailField(required=False, label="First admin's email")


admin.site.unregister(LocalAuthority)


@admin.register(LocalAuthority)
class OnboardingLocalAuthorityAdmin(LocalAuthorityAdmin):
    change_list_template = "admin/accounts/localauthority_change_list.html"
    list_display = ["name", "code", "old_la_code", "region_name"]

    def get_urls(self):
        return [
            path(
                "create-from-code/",
                self.admin_site.admin_view(self.create_from_code),
                name="accounts_create_council",
            ),
            *super().get_urls(),
        ]

    def create_from_code(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = CreateCouncilForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = create_council(
                    **form.cleaned_data, by=cast(User, request.user), request=request
                )
            except UnknownCouncil as exc:
                form.add_error("code", str(exc))
            else:
                for line in result.lines():
                    self.message_user(request, line, messages.SUCCESS)
                return redirect(
                    reverse("admin:sufficiency_localauthority_change", args=[result.la.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": "Create a council from its ONS code",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/accounts/create_council.html", context)
