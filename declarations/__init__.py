"""Declarations from the public (new venues, proposed changes, error reports) and their moderation.

Public side: forms, receipt, tracking. Moderators work in the Wagtail admin (admin.py).
"""
