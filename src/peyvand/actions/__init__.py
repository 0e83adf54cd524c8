"""Cross-app actions: the sequences that span apps (asking notifies; an answer moves the relay).

A domain app's ``services.py`` changes its own records; when one step must drive another app's
service (the sought person asked in the app → a notice; their answer → the case moves and the
seeker's first message goes out; the seeker's track page, which reads and writes a case, its
consent and its messages), the sequence lives here, one layer above the apps it calls, so that
no app imports another from the same layer or above (README, "Architecture").
"""
