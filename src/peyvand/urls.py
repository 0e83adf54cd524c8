"""The URL root: it only includes each package's URLs, grouped by audience.

Each app owns its ``urls.py`` (its staff pages; everyone's for ``core`` and ``accounts``) and,
where it has pages for another audience, a ``seeker_urls.py`` or ``registrant_urls.py``; the
portals (``peyvand.portals``: pages that show several apps at once) own theirs. Audiences and
their prefixes: visitors and seekers at the root (``request/``, ``t/``), registrants at ``me/``,
staff at ``staff/`` (and the record pages ``cases/``, ``people/``, ``audit/``), partners at
``api/v1/``, administrators at ``admin/``.
"""

from django.urls import include, path

from peyvand.accounts.admin_site import admin_site

urlpatterns = [
    # everyone
    path("", include("peyvand.portals.home.urls")),
    path("", include("peyvand.core.urls")),
    path("", include("peyvand.accounts.urls")),
    # visitors and seekers
    path("", include("peyvand.portals.seeker.urls")),
    path("t/appeals/", include("peyvand.appeals.seeker_urls")),
    # registrants
    path("me/", include("peyvand.portals.registrant.urls")),
    path("me/", include("peyvand.consent.registrant_urls")),
    # staff
    path("", include("peyvand.portals.staff.urls")),
    path("people/", include("peyvand.people.urls")),
    path("audit/person/", include("peyvand.privacy.urls")),  # before audit's catch-all
    path("audit/", include("peyvand.audit.urls")),
    path("staff/registrations/", include("peyvand.consent.urls")),
    path("staff/exports/", include("peyvand.tracing.urls")),
    path("staff/reports/", include("peyvand.reports.urls")),
    path("staff/", include("peyvand.matching.urls")),
    path("staff/messages/", include("peyvand.messaging.urls")),
    path("staff/visits/", include("peyvand.visits.urls")),
    path("", include("peyvand.letters.urls")),  # cases/<id>/letters/, staff/letters/templates/
    path("staff/appeals/", include("peyvand.appeals.urls")),
    path("staff/intake/", include("peyvand.intake.urls")),
    path("staff/interop/", include("peyvand.interop.urls")),
    # partners and administrators
    path("api/v1/", include("peyvand.api.urls")),
    path("admin/", admin_site.urls),
]
