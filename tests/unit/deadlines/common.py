"""What the deadline tests share: the shipped standards, a course on the request day, and
finding a deadline in a result."""

import datetime as dt

from vendepunkt.rules.deadlines import Course, Decision, Discharge, compute_deadlines
from vendepunkt.rules.law import law_floor
from vendepunkt.rules.standards import registry

D = dt.date
REQUEST = D(2026, 3, 2)  # a Monday


def std(name):
    return registry.load_all()[name].standard


def run(name, course, today=REQUEST, standard=None):
    return compute_deadlines(course, standard or std(name), law_floor(), today)


def course(**kw):
    kw.setdefault("legal_basis", "SEL-101")
    kw.setdefault("requested_on", REQUEST)
    return Course(**kw)


def of(deadlines, kind, subject=None):
    return [d for d in deadlines if d.kind == kind and (subject is None or d.subject == subject)]


def one(deadlines, kind, subject=None):
    [found] = of(deadlines, kind, subject)
    return found


def with_deadline(standard, deadline_id, **changes):
    deadlines = tuple(
        d.model_copy(update=changes) if d.id == deadline_id else d for d in standard.deadlines
    )
    return standard.model_copy(update={"deadlines": deadlines})


def discharged(status="completed", **kw):
    return course(treatment_started_on=REQUEST, discharge=Discharge(D(2026, 8, 31), status), **kw)


def decision(basis="SEL-101", sent=D(2026, 3, 11), guidance=True, by="digital_post"):
    # Digital Post: received the day it is sent, so the period counts from the sending day.
    return Decision("d1", basis, D(2026, 3, 10), sent, guidance, by)
