"""The one error of backups and restores, with a message in French for the operator."""


class BackupError(Exception):
    """A backup or a restore could not be done; the message says why and what to do."""
