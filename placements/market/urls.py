"""The market's pages. Names start with "market" so the navigation keeps Market current."""

from django.urls import path

from placements.market import fostering_views, views

urlpatterns = [
    path("", views.overview, name="market"),
    path("providers/", views.providers, name="market_providers"),
    path("providers/import/", views.provider_import, name="market_import"),
    path("providers/<str:urn>/", views.provider, name="market_provider"),
    path("providers/<str:urn>/ours/", views.provider_local, name="market_provider_local"),
    path("contracts/", views.contracts, name="market_contracts"),
    path("contracts/new/", views.contract_new, name="market_contract_new"),
    path("contracts/<int:pk>/", views.contract_edit, name="market_contract_edit"),
    path("contracts/<int:pk>/delete/", views.contract_delete, name="market_contract_delete"),
    path("costs/", views.costs, name="market_costs"),
    path("costs/new/", views.cost_new, name="market_cost_new"),
    path("costs/import/", views.costs_import, name="market_costs_import"),
    path("costs/template.csv", views.costs_template, name="market_costs_template"),
    path("costs/<int:pk>/", views.cost_edit, name="market_cost_edit"),
    path("costs/<int:pk>/delete/", views.cost_delete, name="market_cost_delete"),
    path("vacancies/", views.vacancies, name="market_vacancies"),
    path("vacancies/new/", views.vacancy_new, name="market_vacancy_new"),
    path("vacancies/import/", views.vacancies_import, name="market_vacancies_import"),
    path("vacancies/template.csv", views.vacancies_template, name="market_vacancies_template"),
    path("vacancies/<int:pk>/", views.vacancy_edit, name="market_vacancy_edit"),
    path("vacancies/<int:pk>/delete/", views.vacancy_delete, name="market_vacancy_delete"),
    path("fostering/", fostering_views.fostering, name="market_fostering"),
    path("fostering/new/", fostering_views.fostering_form, name="market_fostering_new"),
    path("fostering/<int:pk>/", fostering_views.fostering_form, name="market_fostering_edit"),
]
