"""The social indicator variables of the drug treatment database (SIB, Sundhedsstyrelsen) that a
treatment course records at its start: route of administration, injection risk, housing,
education and income. The values are Vendepunkt's own; the register adapter maps them to the
register's codes (`rules/registers/codes.yaml`, provisional until checked against the national
specification)."""

from __future__ import annotations

from typing import Any

SIB_VALUES: dict[str, tuple[str, ...]] = {
    "route": ("injection", "smoking", "sniffing", "oral", "other"),
    "injection_risk": ("shares_equipment", "no_sharing", "not_injecting"),
    "housing": ("own_home", "with_others", "homeless", "institution", "other"),
    "education": ("none", "primary", "upper_secondary", "vocational", "higher"),
    "income": ("wages", "education_grant", "public_benefit", "pension", "other"),
}


def invalid(values: dict[str, Any]) -> list[str]:
    """The keys of `values` that are not SIB variables or hold a value the variable lacks (an
    empty value means not recorded and is allowed)."""
    return [
        key
        for key, value in values.items()
        if key not in SIB_VALUES or (value not in ("", None) and value not in SIB_VALUES[key])
    ]
