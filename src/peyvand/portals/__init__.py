"""Portals: the pages that show several apps at once, one package per audience.

``staff`` (the work queues, the pair review, the case page), ``seeker`` (filing a request and the
track page), ``registrant`` (the separated person's own pages under /me/) and ``home`` (the front
door, which sends each role to its own list). A portal sits above the domain apps and
``actions``, so that the apps need not import each other upward to show a page; the portals do
not import each other. Each owns its ``urls.py``, included by the root ``peyvand.urls``.
"""
