"""Layout processes end when the process that started them dies, even by SIGKILL.

``concurrent.futures.ProcessPoolExecutor`` shuts its workers down when its owner exits normally,
but a killed owner (a task worker killed by an operator, a crash, the OOM killer) cannot: each
worker keeps both ends of its task queue, so it waits for work for ever, and it keeps the fork
server alive too. ``follow_owner`` is the pool's initializer: a thread of each worker waits for
the owner's death and ends the worker at once. On Linux it sleeps on a pidfd (woken by the
kernel); elsewhere it checks once a second.
"""

import os
import select
import threading

POLL_SECONDS = 1.0


def _wait_for_death(pid):
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    except (AttributeError, OSError):  # no pidfd on this system
        while _alive(pid):
            threading.Event().wait(POLL_SECONDS)
        return
    select.select([pidfd], [], [])


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def follow_owner(owner_pid):
    """Pool initializer: end this process as soon as ``owner_pid`` is gone."""

    def watch():
        _wait_for_death(owner_pid)
        os._exit(1)  # no clean-up to do: the owner is gone, nobody waits for our result

    threading.Thread(target=watch, name="follow-owner", daemon=True).start()
