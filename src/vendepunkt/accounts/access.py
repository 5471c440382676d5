"""The one door every service passes: `require(user, perm, obj)`.

Another municipality's object is reported as not found (its existence is not disclosed); a
permission the user lacks is refused with a message in Danish and English. A permission name
with no rule is refused too (deny by default)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import rules
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vendepunkt.texts import Text

if TYPE_CHECKING:
    from .models import Municipality

_T = TypeVar("_T")


class Actor(Protocol):
    """Whom a service acts for: a signed-in member of staff of a municipality (the interfaces
    refuse anyone else before they call a service). A type for the type checker only."""

    @property
    def pk(self) -> Any: ...
    @property
    def municipality_id(self) -> int: ...
    @property
    def municipality(self) -> Municipality: ...
    @property
    def role(self) -> str: ...
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_active(self) -> bool: ...


DEFAULT_REFUSAL = _("You are not allowed to do this.")


class AccessDenied(PermissionError):
    """A permission the user lacks. `message` (a gettext msgid) says why, where more can be said
    than the default; `specific` tells the pages whether it does."""

    def __init__(self, perm: str, message: Promise | None = None):
        self.perm = perm
        self.specific = message is not None
        self.text = Text(message if message is not None else DEFAULT_REFUSAL)
        super().__init__(f"{self.message_da} / {self.message_en} ({perm})")

    @property
    def message_da(self) -> str:
        return self.text.da

    @property
    def message_en(self) -> str:
        return self.text.en


class NotFound(LookupError):
    def __init__(self, what: str = "record"):
        self.text = Text(_("Not found."))
        super().__init__(f"{self.message_da} / {self.message_en} ({what})")

    @property
    def message_da(self) -> str:
        return self.text.da

    @property
    def message_en(self) -> str:
        return self.text.en


def require(user: Any, perm: str, obj: _T | None) -> _T:
    """`obj` if `user` may `perm` it; NotFound or AccessDenied otherwise."""
    if obj is None or getattr(obj, "municipality_id", None) != getattr(
        user, "municipality_id", object()
    ):
        raise NotFound(type(obj).__name__ if obj is not None else "record")
    if not rules.has_perm(perm, user, obj):
        raise AccessDenied(perm)
    return obj


def can(user: Any, perm: str, obj: Any) -> bool:
    return bool(rules.has_perm(perm, user, obj))
