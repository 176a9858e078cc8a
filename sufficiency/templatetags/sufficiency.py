from datetime import date

from django import template

register = template.Library()


@register.filter
def overdue_on(action, today: date) -> bool:
    """{% if action|overdue_on:today %}: the one overdue rule (rag.is_overdue) in templates."""
    return action.is_overdue(today)
