"""Backup and restore of the whole site: ``manage.py backup_site`` and ``restore_site``.

One archive (tar.gz) holds a native dump of the database, the media folder and a manifest
(versions, migrations, counts, every file's size and SHA-256). Why native dumps rather than
``dumpdata``: see ``engines.py``.
"""

from .create import Backup, create_backup
from .errors import BackupError
from .restore import Restore, restore_backup

__all__ = ["Backup", "BackupError", "Restore", "create_backup", "restore_backup"]
