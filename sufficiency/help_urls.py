from django.urls import path

from sufficiency import help_views

urlpatterns = [
    path("", help_views.index, name="help"),
    path("glossary/", help_views.glossary_page, name="help_glossary"),
    path("<slug:slug>/", help_views.area, name="help_area"),
]
