"""gunicorn under test, and what its processes use: CPU time and resident memory."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bench.load import fetch

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


class BenchError(Exception):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def stop_process_group(process: subprocess.Popen | None, *, timeout: float) -> None:
    """Ask a process started in a session of its own to stop (SIGTERM); after `timeout`
    seconds, kill its whole group."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class Gunicorn:
    def __init__(
        self, env: dict[str, str], log: Path, *, workers: int, threads: int, name: str = ""
    ) -> None:
        self.env, self.log, self.workers, self.threads = env, log, workers, threads
        self.name = name
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "redressal.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=gthread",
            f"--threads={self.threads}",
            "--log-level=warning",
            "--graceful-timeout=10",
            # By default every gunicorn on the machine shares one control socket in $HOME.
            "--no-control-socket",
        ]

    def start(self, timeout: float = 60.0) -> None:
        with self.log.open("wb") as log:
            # A session of its own: a Ctrl-C meant for us doesn't kill it mid-request, and
            # stop() can reach the workers through the process group.
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed argv)
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with code {self.process.returncode}")
            with contextlib.suppress(OSError):
                status, _ = fetch(HOST, self.port, "/-/ok", timeout=5)
                if status == 200:
                    return
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer /-/ok within {timeout:.0f} s")

    def stop(self) -> None:
        stop_process_group(self.process, timeout=20)  # gunicorn's graceful shutdown first

    def pids(self) -> list[int]:
        """The master, then its live workers."""
        if self.process is None or self.process.poll() is not None:
            return []
        master = self.process.pid
        return [master] + [pid for pid, parent in _processes() if parent == master]

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and its live workers."""
        master = self.process.pid
        return processes_cpu_seconds(lambda pid, parent: master in (pid, parent))

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _processes() -> list[tuple[int, int]]:
    """(pid, parent pid) of every live process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        found.append((int(entry.name), int(fields[1])))
    return found


def processes_cpu_seconds(select: Callable[[int, int], bool]) -> float:
    """CPU time used so far by the live processes for which select(pid, parent pid) holds."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        # fields[1] is the parent's pid; [11] and [12] are user and system time.
        if select(int(entry.name), int(fields[1])):
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy (all cores), from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def resident_bytes(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class MemorySampler:
    """Samples the resident memory of every server's master and workers in the background."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.servers: list[Gunicorn] = []
        # (server name, "master"/"worker", pid) -> highest RSS seen in bytes, and when
        self.peaks: dict[tuple[str, str, int], tuple[int, str]] = {}
        self.phase = "start"  # what was being measured, for the peaks' record
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="memory")

    def watch(self, server: Gunicorn) -> None:
        self.servers.append(server)
        self.sample()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def sample(self) -> None:
        for server in list(self.servers):
            pids = server.pids()
            for index, pid in enumerate(pids):
                rss = resident_bytes(pid)
                if rss is None:
                    continue
                key = (server.name, "master" if index == 0 else "worker", pid)
                if rss > self.peaks.get(key, (0, ""))[0]:
                    self.peaks[key] = (rss, self.phase)
        self.samples += 1

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def peak(self) -> tuple[int, str]:
        """The highest resident memory of any one process, and which process that was."""
        if not self.peaks:
            return 0, "none sampled"
        (name, role, pid), (rss, phase) = max(self.peaks.items(), key=lambda item: item[1][0])
        return rss, f"{name} {role} {pid}, during {phase}"

    def as_dict(self) -> dict:
        return {
            "samples": self.samples,
            "interval_seconds": self.interval,
            "processes": [
                {
                    "server": name,
                    "role": role,
                    "pid": pid,
                    "max_rss_mb": round(rss / 2**20, 1),
                    "during": phase,
                }
                for (name, role, pid), (rss, phase) in sorted(self.peaks.items())
            ],
        }
