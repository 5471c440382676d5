"""Which rule uses which field of the standard schema (issue 12 § 1: nothing is decoration).

Every field of every model in `schema.py` either drives a rule, and is listed here with the
function that uses it, or is marked informational in the schema itself
(`json_schema_extra={"informational": "<why it decides nothing>"}`).
`tests/unit/test_standard_coverage.py` enumerates the fields and holds the two together: the
function must be importable and its source must name the field.

Keys are "SchemaClassName.field_name"; a field inherited from a base model (`Sourced.source`,
`Range.min`) is judged once, on the base. Fields whose type is a model of the schema (a
container such as `Standard.services` or `Service.eligibility`) are judged by the fields of that
model. The small value types (`Source`, `Period`, `Range`, `Duration`, `Frequency`, `Contact`)
are judged where they are used: `Service.frequency`, not `Frequency.min`.
"""

from __future__ import annotations

# The value types whose own fields are judged where a field uses them.
VALUE_TYPES = frozenset({"Source", "Period", "Range", "Duration", "Frequency", "Contact"})

_LINT = "vendepunkt.rules.standards.lint"
_ELIG = "vendepunkt.rules.eligibility"
_FORUMS = "vendepunkt.rules.deadlines.forums"
_COMPLAINTS = "vendepunkt.rules.deadlines.complaints"

USED_BY: dict[str, str] = {
    # the document: BEK 1477 § 4 (revision at least every second year)
    "Document.period_start": f"{_LINT}.check_revision",
    "Document.period_end": f"{_LINT}.check_revision",
    "Document.adopted": f"{_LINT}.check_revision",
    "Document.next_revision": f"{_LINT}.check_revision",
    "Document.revision_interval": f"{_LINT}.check_revision",
    # centres and their capacity
    "Centre.id": "vendepunkt.reporting.facts.capacities",
    "Capacity.amount": "vendepunkt.reporting.facts.capacities",
    "Capacity.unit": "vendepunkt.reporting.facts.capacities",
    "Capacity.substance": "vendepunkt.reporting.facts.capacities",
    # services
    "Service.id": "vendepunkt.rules.standards.schema.Standard.service",
    "Service.legal_bases": f"{_ELIG}._check_anonymity",
    "Service.substances": f"{_ELIG}._check_substances",
    "Service.phase": f"{_ELIG}._check_anonymity",
    "Service.intensity": "vendepunkt.courses.services.visitation.decide",
    "Service.setting": "vendepunkt.courses.services.visitation.choose_provider",
    "Service.requires_visitation": f"{_FORUMS}.forum_meetings",
    "Service.granted_by": f"{_FORUMS}._forums_for",
    "Service.methods": "vendepunkt.reporting.facts.move_services",
    # issue 13 § 4: which services can run as groups
    "Service.format": "vendepunkt.groups.services.group_services",
    "Delivery.kind": "vendepunkt.courses.services.treatment.start_treatment",
    "Delivery.centre": "vendepunkt.reporting.facts.capacities",
    # eligibility at the service level (section 3 extends it to every level)
    "Eligibility.age": f"{_ELIG}._check_age",
    "Eligibility.substances": f"{_ELIG}._check_substances",
    "Eligibility.main_substance": f"{_ELIG}._check_substances",
    "Eligibility.anonymity": f"{_ELIG}._check_anonymity",
    "Eligibility.no_other_social_problems": f"{_ELIG}._check_social_problems",
    "Eligibility.pregnant": f"{_ELIG}._check_pregnant",
    "Eligibility.client_kinds": f"{_ELIG}._check_kind",
    # visitation
    "Schedule.recurrence": "vendepunkt.rules.calendar._meets",
    "Schedule.weekdays": "vendepunkt.rules.calendar._meets",
    "Schedule.nth_weekday_of_month": "vendepunkt.rules.calendar._meets",
    "Forum.id": f"{_FORUMS}._forums_for",
    "Forum.followed_by": f"{_FORUMS}._decision_day",
    "FinalSay.role": "vendepunkt.courses.services.visitation.decide",
    # complaints
    "ComplaintRoute.id": "vendepunkt.complaints.queries.route_for",
    "ComplaintRoute.kind": "vendepunkt.complaints.queries.route_for",
    "ComplaintRoute.legal_bases": f"{_COMPLAINTS}._route",
    "ComplaintRoute.first_instance": "vendepunkt.courses.services.visitation.complaint_guidance",
    "ComplaintRoute.period": f"{_COMPLAINTS}.complaint_periods",
    "ComplaintRoute.reassessment": f"{_COMPLAINTS}.complaint_handling",
    "ComplaintRoute.next_instance": f"{_COMPLAINTS}.complaint_handling",
    "ComplaintRoute.forms": "vendepunkt.complaints.queries.route_for",
    "ComplaintRoute.representative_allowed": "vendepunkt.complaints.queries.route_for",
    # targets and monitoring
    "KpiTarget.metric": "vendepunkt.rules.kpi.targets.measure",
    "KpiTarget.target": "vendepunkt.rules.kpi.targets.judge",
    "KpiTarget.direction": "vendepunkt.rules.kpi.targets.judge",
    "KpiTarget.id": "vendepunkt.reporting.facts.target_specs",
    "Population.substances": "vendepunkt.rules.kpi.shares.in_population",
    "Population.legal_bases": "vendepunkt.reporting.facts.target_specs",
    "Population.age": "vendepunkt.rules.kpi.shares.in_population",
    "Register.id": f"{_LINT}.check_registers",
    "Register.name_as_written": f"{_LINT}.check_registers",
    # counselling talks: the kinds offered and how many (R2-R4, rules.counselling)
    "Service.counselling_kind": "vendepunkt.rules.counselling.offered_kinds",
    "Service.sessions": "vendepunkt.rules.counselling.talk_cap",
    "Service.sessions_extendable": "vendepunkt.rules.counselling.talk_cap",
    "AnonymityRule.kind": "vendepunkt.rules.counselling.talk_cap",
    "AnonymityRule.sessions": "vendepunkt.rules.counselling.talk_cap",
    # the plan and the residential provider
    "Plan.at_start": "vendepunkt.rules.deadlines.plan.plan_at_start",
    "ResidentialProviderRequirements.status_meetings": "vendepunkt.rules.deadlines.stays.status_meetings",
    # references to the law, open points, programmes
    "Reference.as_written": f"{_LINT}.check_references",
    "Reference.provision": f"{_LINT}.check_references",
    "OpenPoint.field": f"{_LINT}.check_open_points",
    "OpenPoint.note": f"{_LINT}.check_open_points",
    "Standard.id": "vendepunkt.standards.services._record_one",
    "Standard.legal_bases": f"{_LINT}.check_legal_bases",
    "Standard.programmes": "vendepunkt.courses.services.assessment.outreach_eligibility",
    # issue 12 §§ 2-5: deadlines, grants, money and stays, the course's consistency
    "Centre.age": "vendepunkt.rules.eligibility.check_in_standard",
    "Deadline.attempts": "vendepunkt.rules.deadlines.follow_up.follow_up_slots",
    "Deadline.counts_from": "vendepunkt.rules.deadlines.decision.decision_deadline",
    "Deadline.kind": "vendepunkt.rules.standards.schema.Deadline._computable",
    "Deadline.within": "vendepunkt.rules.deadlines.decision.decision_deadline",
    "Forum.decides_with": "vendepunkt.rules.grants.may_decide",
    "FreeChoice.legal_bases": "vendepunkt.rules.payment.limitation_refusal",
    "FreeChoice.limitable": "vendepunkt.rules.payment.limitation_refusal",
    "FreeChoice.requires_prior_visitation": "vendepunkt.rules.grants.track_needs_grant",
    "Plan.copy_to_citizen": "vendepunkt.rules.plan_paperwork.plan_paperwork",
    "Plan.signed_by_citizen": "vendepunkt.rules.plan_paperwork.plan_paperwork",
    "Schedule.on_public_holiday": "vendepunkt.rules.calendar._held_on",
    "SelfPayment.assessed_before_stay": "vendepunkt.rules.payment.assess_self_payment",
    "SelfPayment.charged": "vendepunkt.rules.payment.assess_self_payment",
    "SelfPayment.covers": "vendepunkt.rules.payment.assess_self_payment",
    "SelfPayment.economic_counselling_first": "vendepunkt.rules.payment.assess_self_payment",
    "SelfPayment.legal_bases": "vendepunkt.rules.payment.self_payment_rule",
    "SelfPayment.own_home_exempts_lodging": "vendepunkt.rules.payment.assess_self_payment",
    "SelfPayment.setting": "vendepunkt.rules.payment.self_payment_rule",
    "Service.duration": "vendepunkt.rules.grants.default_end",
    "Service.frequency": "vendepunkt.rules.grants.dose_excess",
    "Service.gift_voucher_value": "vendepunkt.rules.payment.gift_voucher",
    "Service.gift_vouchers": "vendepunkt.rules.payment.gift_voucher",
    "Service.gift_vouchers_per_citizen": "vendepunkt.rules.payment.gift_voucher",
    "Service.products": "vendepunkt.providers.services.free_choice_products",
    "Service.time_limited": "vendepunkt.rules.grants.default_end",
    "TargetGroup.age": "vendepunkt.rules.eligibility._check_target_groups",
    "TargetGroup.client_kinds": "vendepunkt.rules.eligibility._check_target_groups",
    "TargetGroup.substances": "vendepunkt.rules.eligibility._check_target_groups",
    "Transport.paid_by": "vendepunkt.courses.services.treatment.record_stay",
    "Transport.settings": "vendepunkt.rules.payment.transport_for",
    "Visitation.authority_provider_separate": "vendepunkt.rules.grants.may_decide",
    "Visitation.least_intrusive": "vendepunkt.rules.grants.more_intensive_than_assessed",
    "LoadDegreeIntensity.low": "vendepunkt.rules.grants.more_intensive_than_assessed",
    "LoadDegreeIntensity.moderate": "vendepunkt.rules.grants.more_intensive_than_assessed",
    "LoadDegreeIntensity.high": "vendepunkt.rules.grants.more_intensive_than_assessed",
    "AnonymityRule.legal_bases": "vendepunkt.rules.standards.lint.check_anonymity",
    "AnonymityRule.whole_course": "vendepunkt.rules.standards.lint.check_anonymity",
    "AnonymityRule.ends_when": "vendepunkt.rules.standards.lint.check_anonymity",
    "AnonymityRule.no_other_social_problems": "vendepunkt.rules.standards.lint.check_anonymity",
    "Deadline.discharge_statuses": "vendepunkt.rules.deadlines.follow_up.follow_up_slots",
    "Deadline.exceptions": "vendepunkt.rules.deadlines.treatment_guarantee.guarantee",
    "Deadline.legal_bases": "vendepunkt.rules.deadlines.engine._covers",
    "Deadline.not_covered": "vendepunkt.rules.deadlines.engine._covers",
    "Deadline.triggers": "vendepunkt.rules.deadlines.plan.plan_reviews",
    # the journal (issue 13 § 1): the municipality's own kinds of note
    "JournalNoteKind.id": "vendepunkt.journal.services.note_kinds",
    "JournalNoteKind.name": "vendepunkt.journal.services.note_kinds",
}
