"""Processes, ports, memory and clean-up: everything started is undone at exit.

``CLEANUP`` holds what to undo, in reverse order, at exit, also after an error, Ctrl+C or
SIGTERM (``exit_on_sigterm``): process groups killed, private servers stopped, temporary folders
removed. ``Processes.leftovers`` says whether any process started here survived.
"""

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


HOST = "127.0.0.1"


# Undone in reverse order at exit, whatever the exit.
CLEANUP = contextlib.ExitStack()
atexit.register(CLEANUP.close)


def exit_on_sigterm():
    """SIGTERM ends the benchmark through ``sys.exit``, so that ``CLEANUP`` runs."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)  # polling interval
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


def wait_for(condition, timeout, interval=0.5):
    """Poll ``condition`` until it returns something true; that value, or None at timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)  # polling a database row written by another process
    return None


class Processes:
    """Started processes, each in its own session (process group) with its log file."""

    def __init__(self, log_dir):
        self.log_dir = Path(log_dir)
        self.started = []
        CLEANUP.callback(self.stop_all)

    def start(self, name, command, environment):
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed by stop()
        process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env={**os.environ, **environment},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.name, process.log, process.processes = name, log, self
        self.started.append(process)
        return process

    def manage(self, name, arguments, environment):
        return self.start(name, [sys.executable, "manage.py", *arguments], environment)

    def stop(self, process, timeout=20):
        """SIGTERM to the process group (gunicorn's workers, the guide's layout processes),
        then SIGKILL to whatever is left of it."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.log.close()

    def stop_all(self):
        for process in reversed(self.started):
            if not process.log.closed:
                self.stop(process)

    def leftovers(self, group=None):
        """Processes still alive in a group started here (or in ``group``): must be none after
        ``stop_all``."""
        groups = {group} if group else {process.pid for process in self.started}
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                state, group = fields[0], int(fields[2])
                if group in groups and state != "Z":
                    found.append(int(stat.parent.name))
        return found

    def log_lines(self, name):
        path = self.log_dir / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace").splitlines()


def process_tree(root):
    """``root`` and its descendants, from the kernel's lists of children (cheap to read)."""
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue  # ended meanwhile
    return tree


def rss_kb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class TreeMemory:
    """Peak resident memory of process trees, sampled in a thread: {name: peak kB}.

    ``roots`` maps a name to a process id, or to a callable giving the current one (a worker
    restarted meanwhile). Each sample sums the resident memory of the root and its descendants.
    """

    def __init__(self, roots, interval=0.05):
        self.roots = roots
        self.interval = interval
        self.peaks = dict.fromkeys(roots, 0)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()

    def sample(self):
        while not self.stopped.wait(self.interval):
            for name, root in self.roots.items():
                pid = root() if callable(root) else root
                if pid:
                    total = sum(map(rss_kb, process_tree(pid)))
                    self.peaks[name] = max(self.peaks[name], total)

    def peak_mb(self, name):
        return self.peaks[name] / 1024
