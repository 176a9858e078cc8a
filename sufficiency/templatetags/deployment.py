"""{% load deployment %}{% deployment as d %}: the marking and support contact, in pages and in
the PDFs alike (the PDFs have no request, so no context processor)."""

from django import template

from sufficiency import deployment as settings_of

register = template.Library()


@register.simple_tag(name="deployment")
def deployment_tag() -> settings_of.Deployment:
    return settings_of.current()
