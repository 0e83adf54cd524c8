"""Session keys that more than one app reads."""

# The tracing request this browser proved it may follow on the track page (code and passphrase):
# set by the track page's sign-in, read by the track pages, the seeker's appeal pages and the
# idle-session middleware, which ends it after PEYVAND_SEEKER_IDLE_MINUTES.
SEEKER_SESSION_KEY = "peyvand_seeker_request"
