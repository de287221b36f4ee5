"""Process states read from /proc, for the tests that check a killed main process leaves no worker behind."""

from __future__ import annotations

from pathlib import Path


def process_state(pid: int) -> str | None:
    """A process's state letter ("R", "S", "Z" for a zombie...), or None when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def running(pid: int) -> bool:
    """Whether a process exists and is not a zombie (an exited child its new parent has not reaped yet)."""
    return process_state(pid) not in (None, "Z")


def children_of(pid: int) -> set[int]:
    """The running processes whose parent is `pid`."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found
