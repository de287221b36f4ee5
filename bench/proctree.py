"""Sample a process tree from /proc: memory and CPU per process, split by role (the root process, its descendants).

bench_scale.py runs each contestant under a `TreeSampler`, which answers the questions a wall-clock figure
alone cannot: which process grows (the main process or the workers), and when the cores idle (start-up,
hand-over, tail), from each process's CPU time read every sample.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    """One look at the tree: seconds since start, and per pid its resident bytes and CPU seconds so far."""

    t: float
    rss: dict[int, int]
    cpu: dict[int, float]


def children_cpu() -> float:
    """CPU seconds (user and system) of this process's reaped children and their reaped descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def read_tree(root: int) -> tuple[dict[int, int], dict[int, float]]:
    """Resident bytes and CPU seconds (user + system) of `root` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * PAGE
        cpu[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    tree_rss: dict[int, int] = {}
    tree_cpu: dict[int, float] = {}
    stack = [root]
    while stack:
        pid = stack.pop()
        if pid in rss:
            tree_rss[pid], tree_cpu[pid] = rss[pid], cpu[pid]
        stack.extend(children.get(pid, []))
    return tree_rss, tree_cpu


@dataclass
class TreeSampler:
    """Samples a running process tree every `every` seconds on a thread, until `stop`."""

    root: int
    every: float = 0.2
    samples: list[Sample] = field(default_factory=list)
    _done: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        """Start sampling."""
        started = time.perf_counter()

        def run() -> None:
            while not self._done.is_set():
                rss, cpu = read_tree(self.root)
                if rss:
                    self.samples.append(Sample(time.perf_counter() - started, rss, cpu))
                self._done.wait(self.every)

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self._done.set()
        if self._thread is not None:
            self._thread.join()

    def peak_tree(self) -> int:
        """Peak resident bytes of the whole tree (summed over its processes at each sample)."""
        return max((sum(s.rss.values()) for s in self.samples), default=0)

    def peak_by_role(self) -> dict[str, int]:
        """Peak resident bytes of the root ("main"), of the largest descendant ("one worker"), and of all
        descendants together ("workers")."""
        main = max((s.rss.get(self.root, 0) for s in self.samples), default=0)
        one = max((v for s in self.samples for p, v in s.rss.items() if p != self.root), default=0)
        rest = max((sum(v for p, v in s.rss.items() if p != self.root) for s in self.samples), default=0)
        return {"main": main, "one worker": one, "workers": rest}

    def cpu_by_role(self) -> dict[str, float]:
        """CPU seconds of the root and of its descendants, as last seen (a process's last 0.2 s may be missed)."""
        last: dict[int, float] = {}
        for s in self.samples:
            last.update(s.cpu)
        main = last.pop(self.root, 0.0)
        return {"main": main, "workers": sum(last.values())}

    def busy_timeline(self, window: float = 1.0) -> list[tuple[float, float, float]]:
        """(start second, busy cores of the main process, busy cores of the descendants) per `window` seconds."""
        out: list[tuple[float, float, float]] = []
        seen: dict[int, float] = {}
        edge, main_cpu, rest_cpu = window, 0.0, 0.0
        for s in self.samples:
            while s.t > edge:
                out.append((edge - window, main_cpu / window, rest_cpu / window))
                edge, main_cpu, rest_cpu = edge + window, 0.0, 0.0
            for pid, c in s.cpu.items():
                delta = c - seen.get(pid, 0.0)
                seen[pid] = c
                if pid == self.root:
                    main_cpu += delta
                else:
                    rest_cpu += delta
        return out

    def write_trace(self, path: Path) -> None:
        """Write the busy cores per second and the RSS per role at each second as a CSV file."""
        rss_at: dict[int, tuple[int, int]] = {}
        for s in self.samples:
            rss_at[int(s.t)] = (s.rss.get(self.root, 0), sum(v for p, v in s.rss.items() if p != self.root))
        lines = ["second,main_cores,worker_cores,main_rss_mb,workers_rss_mb"]
        for start, main, rest in self.busy_timeline():
            m, w = rss_at.get(int(start), (0, 0))
            lines.append(f"{int(start)},{main:.2f},{rest:.2f},{m / 2**20:.0f},{w / 2**20:.0f}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def describe_phases(sampler: TreeSampler, parts: int = 10) -> list[str]:
    """Average busy cores (main, workers) over each tenth of the run: start-up and tail show at the ends."""
    timeline = sampler.busy_timeline()
    if not timeline:
        return []
    out = []
    size = max(1, len(timeline) // parts)
    for i in range(0, len(timeline), size):
        part = timeline[i:i + size]
        main = sum(p[1] for p in part) / len(part)
        rest = sum(p[2] for p in part) / len(part)
        out.append(f"  s {part[0][0]:6.0f}-{part[-1][0] + 1:6.0f}: main {main:.2f}, workers {rest:.2f}, "
                   f"together {main + rest:.2f} cores")
    return out
