"""The authorisation matrix: every URL name of the project × every persona, one decision each.

A row lists, for one URL name, the method the matrix tries (GET; POST with an empty form for the
views that accept nothing else) and the outcome expected for each persona, in the column order of
PERSONAS. Allowed outcomes: OK (200), INVALID (400: allowed in, the empty form is refused),
SAME_AREA(prefix) (a redirect that stays in the area), HOME (a page for anonymous visitors sends
a signed-in account home). Refusals: LOGIN (anonymous, sent to sign in), AWAY (staff-only
account pages send other accounts home), NOT_FOUND (404, alike for missing and forbidden
records), FORBIDDEN (403, admin areas for staff without the right), GONE (the admin's answer for
a record missing or not visible: back to its index), NO_SESSION (seeker pages without a seeker
session: back to /t/).

Every name the resolver knows must have a row, the admin's included: a new view without a
decision fails the suite. A key may carry "@B" (the URL opens agency B's record instead of agency
A's) and "#label" (a second row for the same URL, e.g. "#post" for a POST to an admin form).
The URL keywords are filled from `authz_scenario.build_scenario`.
"""

from __future__ import annotations

from dataclasses import dataclass

PERSONAS = (
    "anonymous",
    "seeker",
    "registrant",
    "caseworker_a",
    "caseworker_b",
    "supervisor_a",
    "dpo",
    "admin",
    "outsider",
)


@dataclass(frozen=True)
class Outcome:
    status: int
    location: str = ""  # a redirect's expected address prefix (the whole address if exact)
    allowed: bool = True
    exact: bool = False

    def __str__(self) -> str:
        where = f"→{self.location}" if self.location else ""
        return f"{'allow' if self.allowed else 'deny'} {self.status}{where}"


def SAME_AREA(prefix: str) -> Outcome:
    return Outcome(302, prefix)


OK = Outcome(200)
INVALID = Outcome(400)
LOGIN = Outcome(302, "/accounts/login/", allowed=False)
NOT_FOUND = Outcome(404, allowed=False)
FORBIDDEN = Outcome(403, allowed=False)
NO_SESSION = Outcome(302, "/t/", allowed=False)
# Public pages that send a signed-in account elsewhere (they are for anonymous visitors).
HOME = Outcome(302, "/", exact=True)
# Staff-only account pages (second factor) send other accounts home; anonymous to sign in.
AWAY = Outcome(302, "/", allowed=False, exact=True)
TRACK = SAME_AREA("/t/")

PAIR = SAME_AREA("/staff/pairs/")
CASE = SAME_AREA("/cases/")
# The partner API answers 401 to any request without a valid bearer token.
NO_TOKEN = Outcome(401, allowed=False)
API_NF = Outcome(404, allowed=False)
INTAKE = SAME_AREA("/staff/intake/")
VISITS = SAME_AREA("/staff/visits/")
APPEALS = SAME_AREA("/staff/appeals/")

GET, POST = "GET", "POST"

L, OKx, NF, FB, INV = LOGIN, OK, NOT_FOUND, FORBIDDEN, INVALID

# The staff admin: a signed-in account at the admin's login page goes on to the admin; a record
# the persona may not see (or that does not exist) sends back to the admin index, alike.
ADMIN_HOME = Outcome(302, "/admin/", exact=True)
GONE = Outcome(302, "/admin/", allowed=False, exact=True)
SIGNED_OUT = SAME_AREA("/accounts/login/")


def staff(
    cw_a: Outcome, cw_b: Outcome, sup_a: Outcome, dpo: Outcome, admin: Outcome
) -> tuple[Outcome, ...]:
    """An admin row: anonymous visitors to the main sign-in, accounts that are not staff 404."""
    return (LOGIN, NOT_FOUND, NOT_FOUND, cw_a, cw_b, sup_a, dpo, admin, NOT_FOUND)


# fmt: off
MATRIX: dict[str, tuple[str, tuple[Outcome, ...]]] = {
    # columns:                 anonymous seeker registrant cw_a cw_b sup_a dpo admin outsider
    # -- public pages and sign-in (Django's own views count as public) --
    "login":                (GET,  (OKx, HOME, HOME, HOME, HOME, HOME, HOME, HOME, HOME)),
    "logout":               (POST, (LOGIN, *[SAME_AREA("/accounts/login/")] * 8)),
    "set_language":         (GET,  (HOME,) * 9),
    "favicon":              (GET,  (Outcome(301, "/static/peyvand/favicon.svg"),) * 9),
    "seeker_request_new":   (GET,  (OKx,) * 9),
    "seeker_request_done":  (GET,  (OKx,) * 9),
    "track_login":          (GET,  (OKx,) * 9),
    "track_leave":          (POST, (TRACK,) * 9),
    "password_reset":       (GET,  (OKx,) * 9),
    "password_reset_done":  (GET,  (OKx,) * 9),
    "password_reset_confirm": (GET, (OKx,) * 9),
    "password_reset_complete": (GET, (OKx,) * 9),
    # -- the staff second factor --
    "two_factor_verify":    (GET,  (L, AWAY, AWAY, OKx, OKx, OKx, OKx, OKx, AWAY)),
    "two_factor_setup":     (GET,  (L, AWAY, AWAY, OKx, OKx, OKx, OKx, OKx, AWAY)),
    # recovery codes are shown once, right after enrolment; later visits go home
    "two_factor_recovery_codes": (GET, (L, AWAY, AWAY, HOME, HOME, HOME, HOME, HOME, AWAY)),
    # -- the seeker's tracking pages: only with a seeker session (none here) --
    "track_status":         (GET,  (NO_SESSION,) * 9),
    "track_read":           (GET,  (NO_SESSION,) * 9),
    "track_reply":          (GET,  (NO_SESSION,) * 9),
    "track_add":            (GET,  (NO_SESSION,) * 9),
    "track_withdraw":       (GET,  (NO_SESSION,) * 9),
    # a seeker with an account opens their own request on the track page; nobody else can
    "track_own":            (GET,  (L, TRACK, NF, NF, NF, NF, NF, NF, NF)),
    # -- any signed-in account --
    # visitors see the front door (file a request, follow one); a registrant goes on to /me/
    "home":                 (GET,  (OKx, OKx, SAME_AREA("/me/"), OKx, OKx, OKx, OKx, OKx, OKx)),
    "preferences":          (GET,  (L, OKx, OKx, OKx, OKx, OKx, OKx, OKx, OKx)),
    # -- cases and persons: agency A's staff, the DPO and the admin --
    "case_detail":          (GET,  (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    "case_add_note":        (POST, (L, NF, NF, INV, NF, INV, INV, INV, NF)),
    # "assign to me": the service decides (an admin is refused with a message, on the case page)
    "case_assign_me":       (POST, (L, NF, NF, CASE, NF, CASE, NF, CASE, NF)),
    "case_change_state":    (POST, (L, NF, NF, INV, NF, INV, INV, INV, NF)),
    # the seeker account owns request A and so sees its sought person; the registrant does not
    "person_detail":        (GET,  (L, OKx, NF, OKx, NF, OKx, OKx, OKx, NF)),
    "record_history":       (GET,  (L, NF, NF, NF, NF, NF, OKx, OKx, NF)),
    "person_history":       (GET,  (L, NF, NF, NF, NF, NF, OKx, OKx, NF)),
    # -- the separated person's own pages (/me/) --
    "register_self":        (GET,  (OKx, HOME, HOME, HOME, HOME, HOME, HOME, HOME, HOME)),
    "registrant_home":      (GET,  (L, NF, OKx, NF, NF, NF, NF, NF, NF)),
    "registrant_choices":   (GET,  (L, NF, OKx, NF, NF, NF, NF, NF, NF)),
    "registrant_contact_add": (POST, (L, NF, INV, NF, NF, NF, NF, NF, NF)),
    "registrant_contact_remove": (POST, (L, NF, SAME_AREA("/me/"), NF, NF, NF, NF, NF, NF)),
    "question_answer":      (GET,  (L, NF, OKx, NF, NF, NF, NF, NF, NF)),
    "registrant_withdraw":  (GET,  (L, NF, OKx, NF, NF, NF, NF, NF, NF)),
    "sought_thread":        (GET,  (L, NF, OKx, NF, NF, NF, NF, NF, NF)),
    "sought_thread_read":   (POST, (L, NF, SAME_AREA("/me/threads/"), NF, NF, NF, NF, NF, NF)),
    "sought_thread_reply":  (POST, (L, NF, INV, NF, NF, NF, NF, NF, NF)),
    # -- staff: registration by a caseworker (agency staff and the admin; the DPO only reads) --
    "register_by_staff":    (GET,  (L, NF, NF, OKx, OKx, OKx, NF, OKx, NF)),
    # -- staff queues, review, questions and decisions (record-level: agency A's) --
    "staff_queues":         (GET,  (L, NF, NF, OKx, OKx, OKx, OKx, OKx, NF)),
    "pair_review":          (GET,  (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    "pair_confirm":         (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "pair_second_confirm":  (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "pair_reject":          (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "pair_undo":            (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "pair_ask":             (POST, (L, NF, NF, PAIR, NF, PAIR, NF, PAIR, NF)),
    # GET shows the form read-only to the DPO; writing is refused by the service (see staff tests)
    "question_record":      (GET,  (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    "decision_withdraw":    (GET,  (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    # -- re-link: supervisors and the admin only --
    "relink":               (GET,  (L, NF, NF, NF, NF, OKx, NF, OKx, NF)),
    "relink_progress":      (GET,  (L, NF, NF, NF, NF, OKx, NF, OKx, NF)),
    # -- model versions learned from decisions: supervisors only (an empty form is refused) --
    "model_versions":       (GET,  (L, NF, NF, NF, NF, OKx, NF, NF, NF)),
    "model_versions#fit":   (POST, (L, NF, NF, NF, NF, INV, NF, NF, NF)),
    "model_version_activate": (POST, (L, NF, NF, NF, NF, INV, NF, NF, NF)),
    # -- bulk import: agency staff upload and fix rows; the DPO and the admin read only --
    "intake_home":          (GET,  (L, NF, NF, OKx, OKx, OKx, OKx, OKx, NF)),
    "intake_batch":         (GET,  (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    "intake_batch_confirm": (POST, (L, NF, NF, INTAKE, NF, INTAKE, NF, NF, NF)),
    "intake_batch_cancel":  (POST, (L, NF, NF, INTAKE, NF, INTAKE, NF, NF, NF)),
    "intake_row":           (GET,  (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    # saved column mappings: agency staff write their agency's; the DPO and the admin read
    "intake_mappings":      (GET,  (L, NF, NF, OKx, OKx, OKx, OKx, OKx, NF)),
    "intake_mapping_new":   (GET,  (L, NF, NF, OKx, OKx, OKx, NF, NF, NF)),
    "intake_mapping_edit":  (GET,  (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    # deleting needs the confirmation box: the empty form is refused
    "intake_mapping_delete": (POST, (L, NF, NF, INV, NF, INV, NF, NF, NF)),
    # -- PFIF exchange with partners: a supervisor, for their own agency only --
    "interop_pfif":         (GET,  (L, NF, NF, NF, NF, OKx, NF, NF, NF)),
    "interop_pfif_export":  (POST, (L, NF, NF, NF, NF, OKx, NF, NF, NF)),
    # -- moderation of held messages --
    "moderation_queue":     (GET,  (L, NF, NF, OKx, OKx, OKx, OKx, OKx, NF)),
    "message_moderate":     (GET,  (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    "message_thread":       (GET,  (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    # -- visits, visas and travel documents: agency A's staff write; the DPO reads only --
    "visit_deadlines":      (GET,  (L, NF, NF, OKx, OKx, OKx, OKx, OKx, NF)),
    "case_visits":          (GET,  (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    "visit_detail":         (GET,  (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    "visit_application_add": (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "visit_meeting":        (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "visit_cancel":         (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "application_submission": (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "application_decision": (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    # an empty deadline form is valid: it clears the deadline
    "application_deadline": (POST, (L, NF, NF, VISITS, NF, VISITS, NF, VISITS, NF)),
    "application_checklist_add": (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "checklist_item_tick":  (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    # -- collective appeals: staff of the appeal's agency write; the DPO reads only --
    "appeal_list":          (GET,  (L, NF, NF, OKx, OKx, OKx, OKx, OKx, NF)),
    "appeal_new":           (GET,  (L, NF, NF, OKx, OKx, OKx, NF, OKx, NF)),
    "appeal_detail":        (GET,  (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    "appeal_edit":          (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "appeal_text":          (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "appeal_status":        (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "appeal_signatories_add": (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "appeal_signatory_withdraw": (POST, (L, NF, NF, APPEALS, NF, APPEALS, NF, APPEALS, NF)),
    "appeal_delivery_add":  (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "appeal_response_add":  (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "appeal_follow_up_add": (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "appeal_follow_up_done": (POST, (L, NF, NF, APPEALS, NF, APPEALS, NF, APPEALS, NF)),
    "appeal_document_make": (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "appeal_document_download": (GET, (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    # the family's side of appeals lives on the track page: only with a seeker session
    "track_appeals":        (GET,  (NO_SESSION,) * 9),
    "track_appeal":         (GET,  (NO_SESSION,) * 9),
    "track_appeal_withdraw": (POST, (NO_SESSION,) * 9),
    # -- letters: agency A's staff make them (the DPO reads and downloads); supervisors edit
    #    their agency's texts, the admin the defaults --
    "case_letters":         (GET,  (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    "case_letter_generate": (POST, (L, NF, NF, INV, NF, INV, NF, INV, NF)),
    "case_letter_download": (GET,  (L, NF, NF, OKx, NF, OKx, OKx, OKx, NF)),
    "letter_templates":     (GET,  (L, NF, NF, NF, NF, OKx, NF, OKx, NF)),
    "letter_template_edit": (GET,  (L, NF, NF, NF, NF, OKx, NF, OKx, NF)),
    # -- staff exports of the case list (agency-scoped rows; the download needs the maker's key) --
    "staff_exports":        (GET,  (L, NF, NF, OKx, OKx, OKx, OKx, OKx, NF)),
    "staff_export_download": (GET, (L, NF, NF, NF, NF, NF, NF, NF, NF)),
    # -- reports: every staff role, counts of their own agency (DPO, admin: all agencies); the
    #    export without a table is refused as a bad request --
    "reports_dashboard":    (GET,  (L, NF, NF, OKx, OKx, OKx, OKx, OKx, NF)),
    "reports_export":       (GET,  (L, NF, NF, INV, INV, INV, INV, INV, NF)),
    # -- the partner API: bearer tokens only; a signed-in session is no credential (401) --
    "api_v1:openapi-json":  (GET,  (OKx,) * 9),
    "api_v1:api-root":      (GET,  (API_NF,) * 9),
    "api_v1:api_requests":  (GET,  (NO_TOKEN,) * 9),
    "api_v1:api_request_detail": (GET, (NO_TOKEN,) * 9),
    "api_v1:api_registrations": (GET, (NO_TOKEN,) * 9),
    "api_v1:api_registration_detail": (GET, (NO_TOKEN,) * 9),
    "api_v1:api_matches":   (GET,  (NO_TOKEN,) * 9),
    "api_v1:api_match_detail": (GET, (NO_TOKEN,) * 9),
    # -- the staff admin (issue 11): anonymous visitors go to the main sign-in, other accounts
    #    get 404; staff read domain records of their agency (DPO, admin: all) and nobody
    #    changes, adds or deletes them here (403); "@B" rows open agency B's record, "#post"
    #    rows post to the change form; a record not visible goes back to the admin index --
    "admin:index":          (GET,  staff(OKx, OKx, OKx, OKx, OKx)),
    "admin:login":          (GET,  (L, *[ADMIN_HOME] * 8)),
    "admin:logout":         (POST, staff(*[SIGNED_OUT] * 5)),
    "admin:jsi18n":         (GET,  staff(OKx, OKx, OKx, OKx, OKx)),
    "admin:app_list":       (GET,  staff(OKx, OKx, OKx, OKx, OKx)),
    "admin:people_person_changelist": (GET, staff(OKx, OKx, OKx, OKx, OKx)),
    "admin:people_person_add":        (GET, staff(FB, FB, FB, FB, FB)),
    "admin:people_person_change":     (GET, staff(OKx, GONE, OKx, OKx, OKx)),
    "admin:people_person_change@B":   (GET, staff(GONE, OKx, GONE, OKx, OKx)),
    "admin:people_person_change#post": (POST, staff(FB, FB, FB, FB, FB)),
    "admin:people_person_change@B#post": (POST, staff(FB, FB, FB, FB, FB)),
    "admin:people_person_history":    (GET, staff(OKx, GONE, OKx, OKx, OKx)),
    "admin:people_person_delete":     (GET, staff(FB, FB, FB, FB, FB)),
    "admin:tracing_tracingrequest_changelist": (GET, staff(OKx, OKx, OKx, OKx, OKx)),
    "admin:tracing_tracingrequest_add":        (GET, staff(FB, FB, FB, FB, FB)),
    "admin:tracing_tracingrequest_change":     (GET, staff(OKx, GONE, OKx, OKx, OKx)),
    "admin:tracing_tracingrequest_change@B":   (GET, staff(GONE, OKx, GONE, OKx, OKx)),
    "admin:tracing_tracingrequest_change#post": (POST, staff(FB, FB, FB, FB, FB)),
    "admin:tracing_tracingrequest_change@B#post": (POST, staff(FB, FB, FB, FB, FB)),
    "admin:tracing_tracingrequest_history":    (GET, staff(OKx, GONE, OKx, OKx, OKx)),
    "admin:tracing_tracingrequest_delete":     (GET, staff(FB, FB, FB, FB, FB)),
    "admin:tracing_registration_changelist": (GET, staff(OKx, OKx, OKx, OKx, OKx)),
    "admin:tracing_registration_add":        (GET, staff(FB, FB, FB, FB, FB)),
    "admin:tracing_registration_change":     (GET, staff(OKx, GONE, OKx, OKx, OKx)),
    "admin:tracing_registration_change@B":   (GET, staff(GONE, OKx, GONE, OKx, OKx)),
    "admin:tracing_registration_change#post": (POST, staff(FB, FB, FB, FB, FB)),
    "admin:tracing_registration_change@B#post": (POST, staff(FB, FB, FB, FB, FB)),
    "admin:tracing_registration_history":    (GET, staff(OKx, GONE, OKx, OKx, OKx)),
    "admin:tracing_registration_delete":     (GET, staff(FB, FB, FB, FB, FB)),
    "admin:tracing_case_changelist": (GET, staff(OKx, OKx, OKx, OKx, OKx)),
    "admin:tracing_case_add":        (GET, staff(FB, FB, FB, FB, FB)),
    "admin:tracing_case_change":     (GET, staff(OKx, GONE, OKx, OKx, OKx)),
    "admin:tracing_case_change@B":   (GET, staff(GONE, OKx, GONE, OKx, OKx)),
    "admin:tracing_case_change#post": (POST, staff(FB, FB, FB, FB, FB)),
    "admin:tracing_case_change@B#post": (POST, staff(FB, FB, FB, FB, FB)),
    "admin:tracing_case_history":    (GET, staff(OKx, GONE, OKx, OKx, OKx)),
    "admin:tracing_case_delete":     (GET, staff(FB, FB, FB, FB, FB)),
    # agencies and staff accounts: the administrator alone (an empty post: the form again)
    "admin:accounts_agency_changelist": (GET, staff(FB, FB, FB, FB, OKx)),
    "admin:accounts_agency_add":        (GET, staff(FB, FB, FB, FB, OKx)),
    "admin:accounts_agency_change":     (GET, staff(FB, FB, FB, FB, OKx)),
    "admin:accounts_agency_change@B":   (GET, staff(FB, FB, FB, FB, OKx)),
    "admin:accounts_agency_change#post": (POST, staff(FB, FB, FB, FB, OKx)),
    "admin:accounts_agency_change@B#post": (POST, staff(FB, FB, FB, FB, OKx)),
    "admin:accounts_agency_history":    (GET, staff(FB, FB, FB, FB, OKx)),
    "admin:accounts_agency_delete":     (GET, staff(FB, FB, FB, FB, FB)),
    "admin:accounts_user_changelist": (GET, staff(FB, FB, FB, FB, OKx)),
    "admin:accounts_user_add":        (GET, staff(FB, FB, FB, FB, OKx)),
    "admin:accounts_user_change":     (GET, staff(FB, FB, FB, FB, OKx)),
    "admin:accounts_user_change@B":   (GET, staff(FB, FB, FB, FB, OKx)),
    "admin:accounts_user_change#post": (POST, staff(FB, FB, FB, FB, OKx)),
    "admin:accounts_user_change@B#post": (POST, staff(FB, FB, FB, FB, OKx)),
    "admin:accounts_user_history":    (GET, staff(FB, FB, FB, FB, OKx)),
    "admin:accounts_user_delete":     (GET, staff(FB, FB, FB, FB, FB)),
    # the audit trail and tombstones: read by the DPO and the administrator, written by nobody
    "admin:audit_auditevent_changelist": (GET, staff(FB, FB, FB, OKx, OKx)),
    "admin:audit_auditevent_add":        (GET, staff(FB, FB, FB, FB, FB)),
    "admin:audit_auditevent_change":     (GET, staff(FB, FB, FB, OKx, OKx)),
    "admin:audit_auditevent_change#post": (POST, staff(FB, FB, FB, FB, FB)),
    "admin:audit_auditevent_history":    (GET, staff(FB, FB, FB, OKx, OKx)),
    "admin:audit_auditevent_delete":     (GET, staff(FB, FB, FB, FB, FB)),
    "admin:audit_tombstone_changelist": (GET, staff(FB, FB, FB, OKx, OKx)),
    "admin:audit_tombstone_add":        (GET, staff(FB, FB, FB, FB, FB)),
    "admin:audit_tombstone_change":     (GET, staff(FB, FB, FB, OKx, OKx)),
    "admin:audit_tombstone_change#post": (POST, staff(FB, FB, FB, FB, FB)),
    "admin:audit_tombstone_history":    (GET, staff(FB, FB, FB, OKx, OKx)),
    "admin:audit_tombstone_delete":     (GET, staff(FB, FB, FB, FB, FB)),
}
# fmt: on
