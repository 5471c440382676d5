"""Filters that write the standard's values. `label`/`labels` follow the active language (the
public document switches to Danish itself, the staff screens are in the user's language); the
sentence filters (period, frequency, duration, age, schedule) write Danish sentences, so their
words are taken in Danish whatever the language."""

from django import template
from django.utils import translation

from vendepunkt.web.labels import LABELS, NTH, PER, RECURRENCE, UNIT, WEEKDAY

register = template.Library()


def _da(word) -> str:
    """A word of a Danish sentence, in Danish whatever the active language."""
    with translation.override("da"):
        return str(word)


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
        return f"mindst {_num(r.min)}"
    if r.max is not None:
        return f"op til {_num(r.max)}"
    return ""


def _unit(unit, amount) -> str:
    singular, plural = UNIT[str(unit)]
    return _da(singular if amount == 1 else plural)


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
        return "ikke angivet"
    return f"{p.amount} {_unit(p.unit, p.amount)}"


@register.filter
def span(r) -> str:
    return _range(r)


@register.filter
def frequency(f) -> str:
    if f is None:
        return ""
    text = _range(f)
    times = "gang" if (f.max or f.min) == 1 else "gange"
    return f"{text} {times} {_da(PER[str(f.per)])}".strip()


@register.filter
def duration(d) -> str:
    if d is None:
        return ""
    amount = d.max if d.max is not None else d.min
    return f"{_range(d)} {_unit(d.unit, amount)}"


@register.filter
def age(r) -> str:
    if r is None:
        return "alle aldre"
    if r.min is not None and r.max is not None:
        return f"{_num(r.min)}–{_num(r.max)} år"
    if r.min is not None:
        return f"fra {_num(r.min)} år"
    if r.max is not None:
        return f"op til {_num(r.max)} år"
    return "alle aldre"


@register.filter
def schedule(s) -> str:
    if s is None:
        return "ikke angivet"
    days = " og ".join(_da(WEEKDAY[str(d)]) for d in s.weekdays)
    if s.nth_weekday_of_month:
        text = f"den {_da(NTH[s.nth_weekday_of_month])} {days} i måneden"
    else:
        text = _da(RECURRENCE[str(s.recurrence)]) + (f", {days}" if days else "")
    return f"{text} ({s.note})" if s.note else text


@register.filter
def percent(value) -> str:
    if value is None:
        return "intet tal angivet"
    return f"{_num(round(value * 100, 1))} %"


@register.filter
def yesno_da(value) -> str:
    return {True: "ja", False: "nej", None: "ikke angivet"}[value]


@register.filter
def cite(provision_id) -> str:
    from vendepunkt.rules.law import law_floor

    return law_floor().citation(str(provision_id))


@register.filter
def split_words(value: str) -> list[str]:
    return value.split()


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
