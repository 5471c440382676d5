"""Form widgets in the Danish design system's style, with the accessibility attributes that tie
hints and errors to their field (WCAG 2.1: 1.3.1, 3.3.1)."""

from django import forms, template

register = template.Library()

CLASSES = {
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.CheckboxInput: "form-checkbox",
    forms.Textarea: "form-input",
    forms.RadioSelect: "form-radio",
    forms.CheckboxSelectMultiple: "form-checkbox",
}


@register.simple_tag
def render_widget(field, autocomplete=None, inputmode=None):
    widget = field.field.widget
    attrs = {
        "class": next((c for cls, c in CLASSES.items() if isinstance(widget, cls)), "form-input")
    }
    described = []
    if field.help_text:
        described.append(f"{field.id_for_label}-hint")
    if field.errors:
        described.append(f"{field.id_for_label}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    if inputmode:
        attrs["inputmode"] = inputmode
    return field.as_widget(attrs=attrs)
