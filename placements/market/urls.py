"""The market's pages, under /<la>/market/, in the "market" namespace."""

from django.urls import path

from placements.market import fostering_views, views

# The namespace is also the service navigation's section (sufficiency/context_processors.py).
app_name = "market"

urlpatterns = [
    path("", views.overview, name="index"),
    path("providers/", views.providers, name="providers"),
    path("providers/import/", views.provider_import, name="import"),
    path("providers/<str:urn>/", views.provider, name="provider"),
    path("providers/<str:urn>/ours/", views.provider_local, name="provider_local"),
    path("contracts/", views.contracts, name="contracts"),
    path("contracts/new/", views.contract_new, name="contract_new"),
    path("contracts/<int:pk>/", views.contract_edit, name="contract_edit"),
    path("contracts/<int:pk>/delete/", views.contract_delete, name="contract_delete"),
    path("costs/", views.costs, name="costs"),
    path("costs/new/", views.cost_new, name="cost_new"),
    path("costs/import/", views.costs_import, name="costs_import"),
    path("costs/template.csv", views.costs_template, name="costs_template"),
    path("costs/<int:pk>/", views.cost_edit, name="cost_edit"),
    path("costs/<int:pk>/delete/", views.cost_delete, name="cost_delete"),
    path("vacancies/", views.vacancies, name="vacancies"),
    path("vacancies/new/", views.vacancy_new, name="vacancy_new"),
    path("vacancies/import/", views.vacancies_import, name="vacancies_import"),
    path("vacancies/template.csv", views.vacancies_template, name="vacancies_template"),
    path("vacancies/<int:pk>/", views.vacancy_edit, name="vacancy_edit"),
    path("vacancies/<int:pk>/delete/", views.vacancy_delete, name="vacancy_delete"),
    path("fostering/", fostering_views.fostering, name="fostering"),
    path("fostering/new/", fostering_views.fostering_form, name="fostering_new"),
    path("fostering/<int:pk>/", fostering_views.fostering_form, name="fostering_edit"),
]
