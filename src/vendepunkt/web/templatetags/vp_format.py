"""Filters that write the standard's values, in the active language (the public document
switches to Danish itself, the staff screens are in the user's language). Every word is a gettext
message (context "standard"); the sentences are built from them in the same order in both
languages."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import npgettext, pgettext

from vendepunkt.web.labels import LABELS, NTH, PER, RECURRENCE, UNIT, WEEKDAY

register = template.Library()


def _num(value) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}".replace(".", ",")


def _range(r) -> str:
    if r is None:
        return ""
    if r.min is not None and r.max is not None:
        return _num(r.min) if r.min == r.max else f"{_num(r.min)}–{_num(r.max)}"
    if r.min is not None:
        return pgettext("standard", "at least %(n)s") % {"n": _num(r.min)}
    if r.max is not None:
        return pgettext("standard", "up to %(n)s") % {"n": _num(r.max)}
    return ""


def _unit(unit, amount) -> str:
    singular, plural = UNIT[str(unit)]
    return str(singular if amount == 1 else plural)


@register.filter
def label(value) -> str:
    if value is None:
        return ""
    return str(LABELS.get(str(value), str(value)))


@register.filter
def labels(values) -> str:
    return ", ".join(label(v) for v in values)


@register.filter
def period(p) -> str:
    if p is None:
        return pgettext("standard", "not stated")
    return f"{p.amount} {_unit(p.unit, p.amount)}"


@register.filter
def span(r) -> str:
    return _range(r)


@register.filter
def frequency(f) -> str:
    if f is None:
        return ""
    text = _range(f)
    times = npgettext("standard", "time", "times", int((f.max or f.min) or 0))
    return f"{text} {times} {PER[str(f.per)]}".strip()


@register.filter
def duration(d) -> str:
    if d is None:
        return ""
    amount = d.max if d.max is not None else d.min
    return f"{_range(d)} {_unit(d.unit, amount)}"


@register.filter
def age(r) -> str:
    if r is None or (r.min is None and r.max is None):
        return pgettext("standard", "all ages")
    if r.min is not None and r.max is not None:
        return pgettext("standard", "%(min)s–%(max)s years") % {
            "min": _num(r.min),
            "max": _num(r.max),
        }
    if r.min is not None:
        return pgettext("standard", "from %(min)s years") % {"min": _num(r.min)}
    return pgettext("standard", "up to %(max)s years") % {"max": _num(r.max)}


@register.filter
def schedule(s) -> str:
    if s is None:
        return pgettext("standard", "not stated")
    days = pgettext("standard", " and ").join(str(WEEKDAY[str(d)]) for d in s.weekdays)
    if s.nth_weekday_of_month:
        text = pgettext("standard", "the %(nth)s %(days)s of the month") % {
            "nth": NTH[s.nth_weekday_of_month],
            "days": days,
        }
    else:
        text = str(RECURRENCE[str(s.recurrence)]) + (f", {days}" if days else "")
    return f"{text} ({s.note})" if s.note else text


@register.filter
def percent(value) -> str:
    if value is None:
        return pgettext("standard", "no figure given")
    return f"{_num(round(value * 100, 1))} %"


@register.filter
def yesno_da(value) -> str:
    if value is None:
        return pgettext("standard", "not stated")
    return _("yes") if value else _("no")


@register.filter
def cite(provision_id) -> str:
    """A legal basis in words: "SEL-101" → "Serviceloven § 101" (D81)."""
    from vendepunkt.web.labels import legal_name

    return legal_name(provision_id)


@register.filter
def split_words(value: str) -> list[str]:
    return value.split()


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
