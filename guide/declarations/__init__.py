"""Declarations of venues and error reports: public forms, moderation, notifications."""
