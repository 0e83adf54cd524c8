"""Cross-app actions: the sequences that span apps (a request is matched, a consent notifies).

A domain app's ``services.py`` changes its own records; when one step must drive another app's
service (consent recorded → the held messages go out; a seeker's withdrawal → the case, its
consent and its relay; the seeker's track page, which reads a case, its consent and its
messages), the sequence lives here, one layer above the apps it calls, so that no
app imports another from the same layer or above (README, "Architecture").
"""
