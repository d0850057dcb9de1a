"""The public verdict page (一事一评): no login, one question.

A resident opens it from the QR code on their receipt (or types the reference and code
printed on it). With a valid, unused code it shows the item's status and the answer text,
nothing else, and asks for the verdict; the code is used up with the verdict. A wrong,
used or guessed code gets one and the same refusal, recorded
(:class:`grievances.models.VerdictAttempt`). Code checks are limited per client address
and per reference from one address (grievances.services.verdict_limits, counted
atomically in the database): a stranger's wrong codes never lock the resident out.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.clientip import client_address

from ..forms import PublicVerdictForm
from ..models import Grievance, VerdictAttempt
from ..services import (
    receipt_match,
    verdict_by_receipt,
    verdict_check_release,
    verdict_check_reserve,
)

REFERENCE_STORED = VerdictAttempt._meta.get_field("reference").max_length or 0


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
    if not verdict_check_reserve(address=ip, reference=reference):
        return render(
            request, "grievances/public_verdict.html", {"form": form, "throttled": True}, status=429
        )
    grievance = receipt_match(reference=reference, code=code)
    if grievance is None:  # the reserved check stays counted
        VerdictAttempt.objects.create(ip_address=ip, reference=reference[:REFERENCE_STORED])
        return render(
            request, "grievances/public_verdict.html", {"form": form, "refused": True}, status=400
        )
    verdict_check_release(address=ip, reference=reference)
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
