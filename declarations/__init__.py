"""Declarations from the public (new venues, proposed changes, error reports) and their moderation.

Public side: forms, receipt, tracking (views.py). Moderators work in the Wagtail admin
(wagtail_hooks.py).
"""
