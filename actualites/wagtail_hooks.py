"""Admin for news and the newsletter; each part registers its own views and buttons."""

from .admin import issues, subscribers, topics  # noqa: F401
