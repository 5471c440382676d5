"""May the signed-in user see the reports? (for the main menu)"""

from django import template

register = template.Library()


@register.filter
def may_report(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    from vendepunkt.reporting.services import may_view

    return may_view(user)
