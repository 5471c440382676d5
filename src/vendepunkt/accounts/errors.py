"""Errors a user can cause: a message for people (gettext, shown in Danish or English) and the
field at fault."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise

from vendepunkt.texts import Text, as_text


class ServiceError(ValueError):
    """A refused action: bad input or a rule of the law or the standard. Nothing was written.

    `message` is a gettext_lazy msgid (English) with %(name)s placeholders filled from the keyword
    values, a `Text`, or a pure rule's reason (an object with `message_da`/`message_en`). `field`
    and `code` are reserved keywords, so no placeholder may be called that."""

    def __init__(
        self,
        message: Text | Promise | Any,
        *,
        field: str | None = None,
        code: str = "invalid",
        **values: Any,
    ):
        self.text = as_text(message, values)
        self.field = field
        self.code = code
        super().__init__(f"{self.message_da} / {self.message_en}")

    @property
    def message_da(self) -> str:
        return self.text.da

    @property
    def message_en(self) -> str:
        return self.text.en
