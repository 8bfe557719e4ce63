"""Newsletter sends in the background, on the ``newsletter`` task backend.

The database queue of django-tasks-db in production and development (``python manage.py
db_worker --backend newsletter``), the immediate backend in tests. The work and its guarantees
are in ``actualites/newsletter/send.py``; running the task twice, or two at once, is safe.
"""

from django.tasks import task

from .newsletter.send import run_send


@task(backend="newsletter")
def send_newsletter(send_id):
    return run_send(send_id)
