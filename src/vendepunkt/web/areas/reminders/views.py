"""The citizen's consent to reminders (issue 13 § 3): recorded and withdrawn on a page of its
own; the citizen page shows it with the reminders that failed. The reads and the changes are the
reminders app's; these views only show them."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from vendepunkt.accounts.errors import ServiceError
from vendepunkt.citizens import queries as citizen_queries
from vendepunkt.citizens import services as citizens
from vendepunkt.reminders import queries
from vendepunkt.reminders import services as reminders
from vendepunkt.web.access import staff_page

from .forms import ConsentForm, WithdrawForm

NAV = "citizen-search"
PURPOSE = "reminders"


def _message(request, error: ServiceError) -> str:
    return error.message_en if getattr(request, "LANGUAGE_CODE", "da") == "en" else error.message_da


@staff_page
@require_http_methods(["GET", "POST"])
def consent(request, pk: int):
    user = request.user
    citizen_queries.require_client(user, pk, "reminders.record_consent")
    client = citizens.get_client(user, pk, purpose=PURPOSE)
    view = queries.client_reminders(user, client, purpose=PURPOSE)
    today = timezone.localdate()
    current = view.consent
    initial = (
        {
            "sms": current.sms,
            "email": current.email,
            "phone": current.phone,
            "email_address": current.email_address,
            "given_on": current.given_on,
            "given_how": current.given_how,
        }
        if current and current.withdrawn_on is None
        else {"given_on": today, "given_how": "oral"}
    )
    posting = request.method == "POST"
    form = ConsentForm(request.POST if posting else None, initial=initial)
    context = {
        "nav": NAV,
        "client": client,
        "form": form,
        "view": view,
        "withdraw": WithdrawForm(initial={"on": today}),
    }
    if not posting:
        return render(request, "areas/reminders/consent.html", context)
    if form.is_valid():
        try:
            reminders.record_consent(user, client, today=today, **form.cleaned_data)
        except ServiceError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, _message(request, error))
        else:
            messages.success(request, _("The consent to reminders is recorded."))
            return redirect("citizen-detail", pk=client.pk)
    return render(request, "areas/reminders/consent.html", context, status=400)


@staff_page
@require_POST
def withdraw(request, pk: int):
    user = request.user
    citizen_queries.require_client(user, pk, "reminders.record_consent")
    client = citizens.get_client(user, pk, purpose=PURPOSE)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the consent was withdrawn."))
    else:
        try:
            reminders.withdraw_consent(
                user, client, on=form.cleaned_data["on"], today=timezone.localdate()
            )
        except ServiceError as error:
            messages.error(request, _message(request, error))
        else:
            messages.success(request, _("The consent to reminders is withdrawn."))
    return redirect("citizen-detail", pk=client.pk)
