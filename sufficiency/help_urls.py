from django.urls import path

from sufficiency import help_views

# The namespace is also the service navigation's section (sufficiency/context_processors.py).
app_name = "help"

urlpatterns = [
    path("", help_views.index, name="index"),
    path("glossary/", help_views.glossary_page, name="glossary"),
    path("<slug:slug>/", help_views.area, name="area"),
]
