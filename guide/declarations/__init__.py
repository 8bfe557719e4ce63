"""Declarations from the public: new venues, proposed changes and error reports.

Public side only (forms, receipt, tracking); moderators work in the Wagtail admin.
"""
