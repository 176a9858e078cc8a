"""GOV.UK classes for django-allauth's forms, which are not built on GovukFormMixin."""

from django import template

from sufficiency.forms import ERROR_CLASSES, WIDGET_CLASSES

register = template.Library()


@register.filter
def govuk(form):
    """The same form with GOV.UK classes, hints and errors tied to each widget."""
    if form is None or getattr(form, "_govuk_styled", False):
        return form
    for name, field in form.fields.items():
        widget = field.widget
        css = next((c for w, c in WIDGET_CLASSES.items() if isinstance(widget, w)), "govuk-input")
        classes = widget.attrs.get("class", "").split() + [css]
        bound = form[name]
        described = []
        if field.help_text:
            described.append(f"{bound.auto_id}-hint")
        if form.is_bound and bound.errors:
            classes += [ERROR_CLASSES[c] for c in classes if c in ERROR_CLASSES]
            described.append(f"{bound.auto_id}-error")
        widget.attrs["class"] = " ".join(dict.fromkeys(classes))
        widget.attrs.pop("placeholder", None)
        if described:
            widget.attrs["aria-describedby"] = " ".join(described)
    form._govuk_styled = True
    return form
