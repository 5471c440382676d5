"""Every metric defined in both languages (docs/kpi.md)."""

from __future__ import annotations

from vendepunkt.rules import kpi


def test_every_metric_has_a_full_definition_in_both_languages():
    for m in kpi.METRICS.values():
        assert m.name_da and m.name_en and m.source
        for attr in ("population", "numerator", "denominator", "period", "exclusions"):
            words = getattr(m, attr)
            assert words.da and words.en, (m.id, attr)
