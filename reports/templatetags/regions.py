"""Template helpers for the region's pages."""

from django import template

register = template.Library()


@register.filter
def item(mapping: dict, key: str):
    """mapping[key] in a template (a table by its id)."""
    return mapping.get(key)
