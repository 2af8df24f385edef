"""Progress of a long command, on standard error: one line rewritten in a terminal, a line
every tenth of the way in a log."""

import sys
import time
from typing import TextIO


class ProgressLine:
    def __init__(self, label: str, stream: TextIO | None = None):
        self.label = label
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty()
        self._shown_tenth = -1
        self._shown_at = 0.0

    def __call__(self, done: int, total: int, what: str) -> None:
        share = done / total if total else 1.0
        tenth = int(share * 10)
        now = time.monotonic()
        if self.interactive:
            if now - self._shown_at < 0.2 and done < total:
                return
            self.stream.write(f"\r{self.label} : {share:4.0%} ({done}/{total} {what})   ")
        else:
            if tenth == self._shown_tenth:
                return
            self.stream.write(f"{self.label} : {share:4.0%} ({done}/{total} {what})\n")
        self._shown_tenth, self._shown_at = tenth, now
        self.stream.flush()

    def finish(self) -> None:
        if self.interactive and self._shown_tenth >= 0:
            self.stream.write("\n")
            self.stream.flush()
