"""{% load glossary %}{% glossary_terms as terms %}: the one glossary, for the documents."""

from django import template

from sufficiency import glossary

register = template.Library()


@register.simple_tag
def glossary_terms() -> list[glossary.Term]:
    return glossary.terms()
