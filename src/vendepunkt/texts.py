"""Text for people, translated one way: a gettext message id with its values, rendered in the
language asked for. Services raise errors with a `Text`; the web shows it in the page's language,
the API returns it in Danish and in English, the command line prints both. The pure rules keep
their own (da, en) pairs (they import no Django); a rule's reason put into a `Text` as a value is
rendered in the same language as the sentence around it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import formats, translation
from django.utils.functional import Promise

LANGUAGES = ("da", "en")


class Text:
    """A sentence for people: `msgid` (marked with gettext_lazy, so makemessages finds it) with
    %(name)s placeholders filled from `values`. A value may be another `Text`, a lazy string, a
    list (joined with commas) or an object with `message_da`/`message_en` (a pure rule's reason),
    each rendered in the sentence's language."""

    __slots__ = ("msgid", "values")

    def __init__(self, msgid: str | Promise, values: Mapping[str, Any] | None = None):
        self.msgid = msgid
        self.values = dict(values or {})

    def render(self, language: str) -> str:
        with translation.override(language):
            msgid = self.msgid
            values = {k: render_value(v, language) for k, v in self.values.items()}
            if isinstance(msgid, Promise):
                # A lazy (n)gettext message resolves in the language now active; `%` lets a
                # lazy ngettext pick its plural from the values.
                return str(msgid % values) if values else str(msgid)
            sentence = translation.gettext(msgid)
            return sentence % values if values else sentence

    @property
    def da(self) -> str:
        return self.render("da")

    @property
    def en(self) -> str:
        return self.render("en")

    @property
    def both(self) -> str:
        """Danish with the English beside it, for a page whose reader's language is not known
        (an error page, a bilingual document)."""
        da, en = self.da, self.en
        return da if da == en else f"{da} / {en}"

    def __str__(self) -> str:
        return self.render(translation.get_language() or "da")

    def __repr__(self) -> str:
        return f"Text({str(self.msgid)!r})"


def render_value(value: Any, language: str) -> Any:
    """A value in `language`; numbers stay numbers (a lazy ngettext picks its plural from them)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, Text):
        return value.render(language)
    if hasattr(value, "message_da") and hasattr(value, "message_en"):
        return str(value.message_en if language == "en" else value.message_da)
    if isinstance(value, dt.date):
        with translation.override(language):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Promise):
        with translation.override(language):
            return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(render_value(v, language) for v in value)
    return str(value)


def as_text(message: Any, values: Mapping[str, Any] | None = None) -> Text:
    """A message of any accepted kind as a `Text`: a Text (values added), a gettext msgid, or a
    pure rule's reason (rendered with its own pair)."""
    if isinstance(message, Text):
        return Text(message.msgid, {**message.values, **(values or {})}) if values else message
    if isinstance(message, str | Promise):
        return Text(message, values)
    if hasattr(message, "message_da") and hasattr(message, "message_en"):
        return Text("%(reason)s", {"reason": message})
    raise TypeError(f"Not a message for people: {message!r}")


def text(msgid: str | Promise, **values: Any) -> Text:
    """`text(_("The service “%(service)s” is not in the standard."), service=sid)`."""
    return Text(msgid, values)


def joined(items: Iterable[Any]) -> list[Any]:
    """A list value, rendered as "a, b, c" in the sentence."""
    return list(items)
