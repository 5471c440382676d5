"""The main menu: a link per screen that exists, marked as the current page where it is."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def nav_link(name: str, label: str, current: str | None = None):
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    if current == name:
        return format_html('<li><a href="{}" aria-current="page">{}</a></li>', url, label)
    return format_html('<li><a href="{}">{}</a></li>', url, label)
