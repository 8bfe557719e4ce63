"""The SMTP sink's own process: appends each recipient it accepts to a file, until killed.

python benchmarks/stack/sink.py PORT FILE
"""

import signal
import sys


class RecordingHandler:
    """Appends each accepted recipient to a file, flushed per message."""

    def __init__(self, path):
        self.file = open(path, "a", buffering=1)  # noqa: SIM115 - open for the process's life

    async def handle_DATA(self, server, session, envelope):
        self.file.write("".join(f"{address}\n" for address in envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def run_sink(port, path):
    """The SMTP sink's process: serve until killed."""
    from aiosmtpd.controller import Controller

    controller = Controller(RecordingHandler(path), hostname="127.0.0.1", port=port)
    controller.start()
    signal.sigwait([signal.SIGTERM, signal.SIGINT])
    controller.stop()


if __name__ == "__main__":
    run_sink(int(sys.argv[1]), sys.argv[2])
