"""The public verdict page (一事一评): no login, one question.

A resident opens it from the QR code on their receipt (or types the reference and code
printed on it). With a valid, unused code it shows the item's status and the answer text,
nothing else, and asks for the verdict; the code is used up with the verdict. A wrong,
used or guessed code gets one and the same refusal. Refused attempts are counted in the
database (:class:`grievances.models.VerdictAttempt`), so the limit holds across every
server process: per client address and per reference, within a window.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.clientip import client_address

from ..forms import PublicVerdictForm
from ..models import Grievance, VerdictAttempt
from ..services import receipt_match, verdict_by_receipt

REFERENCE_STORED = VerdictAttempt._meta.get_field("reference").max_length or 0


def _limits() -> tuple[int, int, datetime.timedelta]:
    return (
        getattr(settings, "VERDICT_ATTEMPTS_PER_ADDRESS", 10),
        getattr(settings, "VERDICT_ATTEMPTS_PER_REFERENCE", 5),
        datetime.timedelta(minutes=getattr(settings, "VERDICT_ATTEMPT_WINDOW_MINUTES", 60)),
    )


def throttled(ip: str | None, reference: str) -> bool:
    per_address, per_reference, window = _limits()
    since = timezone.now() - window
    recent = VerdictAttempt.objects.filter(at__gte=since)
    return (
        recent.filter(ip_address=ip).count() >= per_address
        or recent.filter(reference=reference[:REFERENCE_STORED]).count() >= per_reference
    )


def _status(grievance: Grievance) -> str:
    if grievance.answered_on is not None:
        return _("answered")
    if grievance.resolved_on is not None:
        return _("resolved, the answer is on its way")
    return _("being handled")


@never_cache
@require_http_methods(["GET", "POST"])
def public_verdict(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        form = PublicVerdictForm(
            initial={"reference": request.GET.get("r", ""), "code": request.GET.get("c", "")}
        )
        return render(request, "grievances/public_verdict.html", {"form": form})
    form = PublicVerdictForm(request.POST)
    if not form.is_valid():
        return render(request, "grievances/public_verdict.html", {"form": form}, status=400)
    reference, code = form.cleaned_data["reference"].strip(), form.cleaned_data["code"]
    ip = client_address(request)
    if throttled(ip, reference):
        return render(
            request, "grievances/public_verdict.html", {"form": form, "throttled": True}, status=429
        )
    grievance = receipt_match(reference=reference, code=code)
    if grievance is None:
        VerdictAttempt.objects.create(ip_address=ip, reference=reference[:REFERENCE_STORED])
        return render(
            request, "grievances/public_verdict.html", {"form": form, "refused": True}, status=400
        )
    verdict = form.cleaned_data["verdict"]
    context = {
        "form": form,
        "item": {
            "reference": grievance.reference,
            "status": _status(grievance),
            "answer": grievance.answer if grievance.answered_on else "",
        },
        "may_give_verdict": grievance.answered_on is not None,
    }
    if verdict and grievance.answered_on is not None:
        try:
            done = verdict_by_receipt(reference=reference, code=code, verdict=verdict)
        except ValidationError:
            done = None
        if done is None:  # used up meanwhile: the same refusal as any other
            return render(
                request,
                "grievances/public_verdict.html",
                {"form": form, "refused": True},
                status=400,
            )
        return render(request, "grievances/public_verdict.html", {"thanks": True})
    return render(request, "grievances/public_verdict.html", context)
