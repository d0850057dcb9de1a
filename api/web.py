"""The API tokens page: a user creates and revokes their own personal tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from districts.http import AuthenticatedHttpRequest

from . import services
from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. the district's statistics sheet."),
    )


def _page(
    request: AuthenticatedHttpRequest,
    form: TokenForm,
    new_token: str | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
        status=status,
    )


@login_required
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, text = services.token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # shown once, on this response only (never stored, never in a redirect)
            return _page(request, TokenForm(), new_token=text)
    return _page(request, form, status=400)


@login_required
@require_POST
def revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, pk=pk).first()
    if token is None:  # another user's token: not found
        raise Http404
    services.token_revoke(user=request.user, token=token)
    messages.success(request, _("The token is revoked."))
    return redirect("api_tokens:list")
