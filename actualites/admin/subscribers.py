"""Admin registrations; filled in by its feature."""
