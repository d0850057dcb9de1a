"""The signed-in user's own pages: the account (digest preference) and the inbox.

Nothing here takes another user's or another area's id: every row read or changed is
the requesting user's own."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.converters import ascii_id

from .http import AuthenticatedHttpRequest
from .models import Notification
from .notifications import notifications_mark_read

INBOX_PAGE = 50


class DigestForm(forms.Form):
    digest_enabled = forms.BooleanField(
        label=gettext_lazy("Send me the daily digest by email"),
        required=False,
        help_text=gettext_lazy(
            "Each morning: items due soon, overdue and escalated, and replacement "
            "recommendations opened in your area. Only when there is something to report."
        ),
    )


@login_required
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    # an unticked box posts nothing: the form is bound by the method, not by the data
    form = DigestForm(
        request.POST if request.method == "POST" else None,
        initial={"digest_enabled": user.digest_enabled},
    )
    if request.method == "POST" and form.is_valid():
        user.digest_enabled = form.cleaned_data["digest_enabled"]
        user.save(update_fields=["digest_enabled"])
        messages.success(request, _("Saved."))
        return redirect("account")
    return render(request, "districts/account.html", {"form": form})


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = Notification.objects.filter(user=request.user).order_by("-created_at", "-pk")
    page = Paginator(qs, INBOX_PAGE).get_page(request.GET.get("page"))
    return render(request, "districts/inbox.html", {"page": page})


@login_required
@require_POST
def inbox_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Mark one notice read (``id``) or all of them (no id); another user's id, or no
    number, marks nothing."""
    raw = request.POST.get("id", "")
    number = ascii_id(raw)
    ids = None if not raw else ([number] if number is not None else [])
    notifications_mark_read(user=request.user, ids=ids)
    if ids and request.POST.get("go"):
        # the notice's own link (an address this site made), never one from the request
        note = Notification.objects.filter(user=request.user, pk=ids[0]).first()
        if note is not None and note.url.startswith("/"):
            return redirect(note.url)
    return redirect("inbox")
