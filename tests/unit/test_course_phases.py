"""R26 / issue 12 § 1: the phases a treatment course can be in are the standard's."""

from vendepunkt.rules.phases import course_phases
from vendepunkt.rules.programmes import programmes


def test_R26_the_phases_follow_the_standards_services(shipped):
    phases = {k: course_phases(v.standard, programmes()) for k, v in shipped.items()}
    # Odsherred: indskrivningssamtale (assessment), intensity tiers (primary), efterbehandling
    assert phases["odsherred"] == ("assessment", "primary", "aftercare")
    # Hjørring's modules: motivation, primary treatment and booster talks (aftercare)
    assert phases["hjoerring"] == ("motivation", "primary", "aftercare")
    assert "aftercare" not in phases["haderslev"]


def test_R8_the_outreach_programme_adds_its_own_phases(shipped):
    her = shipped["herning"].standard
    assert "contact" not in course_phases(her, programmes())
    outreach = her.model_copy(update={"programmes": ("outreach",)})
    assert course_phases(outreach, programmes())[-4:] == (
        "contact",
        "treatment",
        "bridging",
        "follow_up",
    )
