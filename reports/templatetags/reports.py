from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping|get_item:key — a dict lookup by a variable key, which Django's templates lack."""
    return mapping.get(key) if mapping else None


@register.filter
def css_string(value) -> str:
    """Text made safe inside a CSS string literal (the PDF's running header)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return text.replace("<", "\\3C ").replace(">", "\\3E ")
