"""Errors a user can cause, with a message in Danish and English and the field at fault."""

from __future__ import annotations


class ServiceError(ValueError):
    """A refused action: bad input or a rule of the law or the standard. Nothing was written."""

    def __init__(
        self, message_da: str, message_en: str, *, field: str | None = None, code: str = "invalid"
    ):
        self.message_da = message_da
        self.message_en = message_en
        self.field = field
        self.code = code
        super().__init__(f"{message_da} / {message_en}")
