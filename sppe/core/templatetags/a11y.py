"""Accessibility helpers for forms."""

from django import template

register = template.Library()


@register.filter
def error_anchor(field) -> str:
    """The id an error-summary link points to: the field itself, or for a group of radio
    buttons or checkboxes (which has no single element to label) its first input."""
    if field.id_for_label:
        return field.id_for_label
    for subwidget in field.subwidgets:
        if subwidget.id_for_label:
            return subwidget.id_for_label
    return field.auto_id or ""
