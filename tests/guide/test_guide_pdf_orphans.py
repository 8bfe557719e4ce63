"""The guide's layout processes end when the process that started them is killed.

A task worker killed in the middle of a build (SIGKILL: no clean-up) used to leave its layout
processes and their fork server waiting for ever; benchmarks/faults.py found them.
"""

import contextlib
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OWNER = """
import time
from guide.pdf.parts import PartPool

pool = PartPool(2).__enter__()
for future in [pool.executor.submit(int, "1") for _ in range(4)]:
    future.result()
print("ready", flush=True)
time.sleep(600)
"""


def descendants(pid):
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            children = [int(child) for child in task.read_text().split()]
            found.extend(children)
            todo.extend(children)
    return found


def ended_within(pids, seconds):
    """Whether every process in ``pids`` ends within ``seconds`` (woken by the kernel)."""
    pidfds = []
    for pid in pids:
        try:
            pidfds.append(os.pidfd_open(pid))
        except ProcessLookupError:
            continue
    try:
        remaining = list(pidfds)
        while remaining:
            ready, _w, _x = select.select(remaining, [], [], seconds)
            if not ready:
                return False
            remaining = [fd for fd in remaining if fd not in ready]
        return True
    finally:
        for fd in pidfds:
            os.close(fd)


def test_layout_processes_end_when_their_owner_is_killed():
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    pool_processes = []
    try:
        assert owner.stdout.readline().strip() == "ready"
        pool_processes = descendants(owner.pid)
        assert len(pool_processes) >= 3  # the fork server and two layout processes at least
    finally:
        owner.send_signal(signal.SIGKILL)
        owner.wait()
        owner.stdout.close()

    try:
        assert ended_within(pool_processes, 30)
    finally:
        for pid in pool_processes:  # a failed test leaves nothing behind either
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
