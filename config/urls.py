from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.forms import AdminLoginForm, LoginForm
from core.interchange.urls import admin_urlpatterns as interchange_admin_urlpatterns
from dashboard.views import HomeView
from districts import account_views
from districts import admin as districts_admin
from districts.permissions import may_exchange_data
from grievances.views import public_verdict

# a 400 raised before any view (core.middleware) is a problem+json under /api/v1/
handler400 = "api.exceptions.bad_request"

admin.site.site_header = admin.site.site_title = _("Community safety evaluation")
admin.site.index_title = _("Administration")
admin.site.login_form = AdminLoginForm


@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """/favicon.ico, which browsers ask for on every page the link does not reach (the
    admin's, the API docs, a file opened directly): the static icon."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))


urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("dashboard.urls")),
    path("areas/", include("districts.urls")),
    path("reviews/", include("evaluations.urls")),
    path("grievances/", include("grievances.urls")),
    path("rankings/", include("rankings.urls")),
    # the resident's verdict from the receipt: public, short (it is printed as a QR code)
    path("v/", public_verdict, name="public_verdict"),
    path("publication/", include("publication.urls")),
    path("notice/", include("publication.notice_urls")),
    path("api/v1/", include("api.urls")),
    path("api-tokens/", include("api.token_urls")),
    path(
        "accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/me/", account_views.account, name="account"),
    path("accounts/inbox/", account_views.inbox, name="inbox"),
    path("accounts/inbox/read/", account_views.inbox_read, name="inbox_read"),
    path("i18n/", include("django.conf.urls.i18n")),
    # the admin's CSV pages: core's, for the administrators (districts decides who that is)
    *interchange_admin_urlpatterns(may_exchange=may_exchange_data),
    # before the admin's own "view on site" redirect, which ignores the scope
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        districts_admin.view_on_site,
    ),
    path("admin/", admin.site.urls),
]

# a database that is down or restarting: a 503 that says so, not a 500 (core/errors.py)
handler500 = "core.errors.server_error"
