from django.contrib.auth import views as auth_views
from django.urls import include, path

from peyvand.accounts.forms import BoundedAuthenticationForm
from peyvand.accounts.views import choose_language, preferences
from peyvand.audit.views import record_history
from peyvand.core.admin_site import admin_site
from peyvand.core.views import favicon
from peyvand.people.views import person_detail
from peyvand.tracing.home_views import front_door
from peyvand.tracing.views import case_add_note, case_assign_me, case_change_state, case_detail

urlpatterns = [
    path("", front_door, name="home"),
    path("favicon.ico", favicon, name="favicon"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=BoundedAuthenticationForm
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/preferences/", preferences, name="preferences"),
    path("accounts/", include("peyvand.accounts.urls")),
    path("cases/<int:case_id>/", case_detail, name="case_detail"),
    path("cases/<int:case_id>/notes/", case_add_note, name="case_add_note"),
    path("cases/<int:case_id>/state/", case_change_state, name="case_change_state"),
    path("cases/<int:case_id>/assign-me/", case_assign_me, name="case_assign_me"),
    path("people/<int:person_id>/", person_detail, name="person_detail"),
    path("audit/person/", include("peyvand.privacy.urls")),
    path("audit/<str:object_type>/<str:object_id>/", record_history, name="record_history"),
    path("", include("peyvand.tracing.seeker_urls")),
    path("t/appeals/", include("peyvand.appeals.seeker_urls")),
    path("me/", include("peyvand.consent.urls")),
    path("staff/exports/", include("peyvand.tracing.export_urls")),
    path("staff/reports/", include("peyvand.reports.urls")),
    path("staff/", include("peyvand.matching.urls")),
    path("staff/messages/", include("peyvand.messaging.urls")),
    path("staff/visits/", include("peyvand.visits.urls")),
    path("", include("peyvand.letters.urls")),  # cases/<id>/letters/, staff/letters/templates/
    path("staff/appeals/", include("peyvand.appeals.urls")),
    path("staff/intake/", include("peyvand.intake.urls")),
    path("staff/interop/", include("peyvand.interop.urls")),
    path("api/v1/", include("peyvand.api.urls")),
    path("i18n/setlang/", choose_language, name="set_language"),
    path("admin/", admin_site.urls),
]
