"""The `formatting` template filters: sufficiency.formatting's rules for numbers in templates,
so a count prints "1,234" in a document as it does in a sentence.

    {% load formatting %}{{ total|count }} {{ share|percent }} {{ spend|money }}
"""

from django import template

from sufficiency import formatting

register = template.Library()

register.filter("count", formatting.count)
register.filter("percent", formatting.percent)
register.filter("rate", formatting.rate)
register.filter("money", formatting.money)
register.filter("signed", formatting.signed)


@register.filter
def weekly_money(value) -> str:
    """{{ price|weekly_money }}: a weekly price or cost, with pence below £10,000 ("£852.50"),
    as the market's registers and downloads write it."""
    return formatting.money(value, pence=True)


@register.filter
def share(part, whole) -> str:
    """{{ part|share:whole }}: part as a percentage of whole, "19.3%"."""
    return formatting.share(part, whole)
