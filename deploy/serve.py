"""Production launcher: N Streamlit replicas on loopback behind nginx (``make serve``).

Each replica runs ``app.py``: the dashboard, the records and the API in one process.

``python -m deploy.serve [--port 8501] [--replicas 2] [--data DIR] [--run-dir DIR]``

Renders deploy/nginx.conf.in into a run directory, starts the replicas (``--server.address
127.0.0.1``, free ports), waits until every one answers ``/_stcore/health``, checks and starts
nginx (unprivileged, every path in the run dir), then watches them: a replica that dies is
restarted (nginx routes around it meanwhile), nginx dying stops everything. SIGINT (Ctrl+C) or
SIGTERM stops nginx and every replica by process id. The run dir's ``state.json`` names the ports
and process ids, for tests, benchmarks and operators.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ctc_dashboard.env import DATA as DATA_ENV

ROOT = Path(__file__).resolve().parent.parent
APP = "app.py"  # st.App: dashboard.py plus the records and the API (ctc_dashboard.web)
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.in"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
MODULE_DIRS = (Path("/usr/share/nginx/modules"), Path("/usr/lib/nginx/modules"))
BROTLI_MODULES = ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
MIME_TYPES = Path("/etc/nginx/mime.types")
INSTALL_HINT = "apt-get install nginx libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static"
# Multipart framing around an upload at the size limit: a few hundred bytes; 1 MB is ample.
UPLOAD_ENVELOPE_MB = 1


def log(msg: str) -> None:
    print(f"[serve] {msg}", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    """Whether ``url`` answers Streamlit's health check (a replica directly, or through nginx)."""
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def max_upload_mb(config: Path = STREAMLIT_CONFIG) -> int:
    """server.maxUploadSize from .streamlit/config.toml (Streamlit's default, 200, if unset)."""
    try:
        return int(tomllib.loads(config.read_text(encoding="utf-8")).get("server", {}).get("maxUploadSize", 200))
    except FileNotFoundError:
        return 200


def streamlit_static_root() -> Path:
    """The folder that holds Streamlit's /static/ (the installed package's frontend build)."""
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static"


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if not found:
        raise SystemExit(f"nginx is not installed: {INSTALL_HINT} (make serve does it)")
    return found


def modules_dir() -> Path:
    for d in MODULE_DIRS:
        if all((d / m).exists() for m in BROTLI_MODULES):
            return d
    raise SystemExit(f"nginx's brotli modules are not installed: {INSTALL_HINT} (make serve does it)")


def render_config(*, listen: str, replica_ports: list[int], run_dir: Path, upload_mb: int,
                  static_root: Path, modules: Path, as_root: bool = False) -> str:
    """The nginx config for these replicas: the template with its @NAME@ fields filled in."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in replica_ports)
    # As root nginx would switch its workers to "nobody", who may not read the venv or the run dir.
    # Run the launcher as an ordinary user in production (the example systemd unit does).
    user = "user root;  # launched as root: see deploy/serve.py" if as_root else "# runs as the launcher's user"
    fields = {
        "USER_LINE": user,
        "RUN_DIR": str(run_dir),
        "MODULES_DIR": str(modules),
        "MIME_TYPES": str(MIME_TYPES),
        "REPLICA_COUNT": str(len(replica_ports)),
        "UPSTREAM_SERVERS": servers,
        "LISTEN": listen,
        "UPLOAD_MB": str(upload_mb),
        "BODY_MB": str(upload_mb + UPLOAD_ENVELOPE_MB),
        "STREAMLIT_STATIC": str(static_root),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in fields.items():
        text = text.replace(f"@{name}@", value)
    left = re.findall(r"@[A-Z_]+@", text)
    assert not left, f"template fields left unfilled: {left}"
    return text


@dataclass
class Replica:
    port: int
    data: str | None
    log_path: Path
    # One cookie secret for every replica: a cookie one of them signed is good at the others after a failover.
    cookie_secret: str = field(default_factory=lambda: secrets.token_hex(32))
    proc: subprocess.Popen | None = None
    restarts: int = 0
    app: str = APP

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "streamlit", "run", self.app,
               "--server.port", str(self.port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
        if self.data:
            cmd += ["--", "--data", self.data]
        return cmd

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if k != DATA_ENV}
        env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", self.cookie_secret)  # not on the command line (ps)
        out = open(self.log_path, "ab")  # noqa: SIM115 (the child owns it)
        self.proc = subprocess.Popen(self.command(), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                     start_new_session=True)  # Ctrl+C reaches the launcher only
        out.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def healthy(self) -> bool:
        return healthy(self.url)


@dataclass
class Stack:
    port: int
    replicas: list[Replica]
    run_dir: Path
    nginx: subprocess.Popen | None = None
    restart: bool = True
    stopping: bool = False
    started: float = field(default_factory=time.monotonic)

    def write_state(self) -> None:
        state = {"url": f"http://127.0.0.1:{self.port}", "port": self.port, "run_dir": str(self.run_dir),
                 "launcher_pid": os.getpid(), "nginx_pid": self.nginx.pid if self.nginx else None,
                 "replicas": [{"port": r.port, "pid": r.proc.pid if r.proc else None, "url": r.url,
                               "restarts": r.restarts, "log": str(r.log_path)} for r in self.replicas]}
        tmp = self.run_dir / "state.json.tmp"
        tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
        tmp.replace(self.run_dir / "state.json")

    def wait_healthy(self, replicas: list[Replica], timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        pending = list(replicas)
        while pending:
            if self.stopping:
                raise SystemExit(0)
            for r in list(pending):
                if r.proc.poll() is not None:
                    raise SystemExit(f"replica on port {r.port} exited with {r.proc.returncode}; see {r.log_path}")
                if r.healthy():
                    pending.remove(r)
            if pending and time.monotonic() > deadline:
                raise SystemExit(f"replicas not healthy after {timeout:.0f} s: {[r.port for r in pending]}")
            time.sleep(0.2)

    def start(self, listen_host: str) -> None:
        nginx = nginx_binary()
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi", "cache"):
            (self.run_dir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        conf = self.run_dir / "nginx.conf"
        conf.write_text(render_config(
            listen=f"{listen_host}:{self.port}", replica_ports=[r.port for r in self.replicas],
            run_dir=self.run_dir, upload_mb=max_upload_mb(), static_root=streamlit_static_root(),
            modules=modules_dir(), as_root=os.geteuid() == 0), encoding="utf-8")
        base = [nginx, "-p", str(self.run_dir), "-c", str(conf), "-e", str(self.run_dir / "error.log")]
        check = subprocess.run([*base, "-t", "-q"], capture_output=True, text=True)
        if check.returncode != 0:
            raise SystemExit(f"nginx rejected {conf}:\n{check.stderr}")

        for r in self.replicas:
            r.start()
        self.write_state()
        log(f"{len(self.replicas)} replicas starting on ports {[r.port for r in self.replicas]} ...")
        self.wait_healthy(self.replicas)
        self.nginx = subprocess.Popen(base, start_new_session=True)
        self.write_state()
        deadline = time.monotonic() + 15
        while not healthy(f"http://127.0.0.1:{self.port}"):
            if self.nginx.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"nginx did not start; see {self.run_dir / 'error.log'}")
            time.sleep(0.1)
        shown = "localhost" if listen_host in ("0.0.0.0", "127.0.0.1") else listen_host
        took = time.monotonic() - self.started
        log(f"CTC cooperation dashboard: http://{shown}:{self.port}  ({len(self.replicas)} replicas behind nginx, "
            f"{took:.1f} s; "
            "Ctrl+C to stop)")

    def watch(self) -> int:
        """Until stopped: restart replicas that die, stop everything if nginx dies."""
        while not self.stopping:
            if self.nginx.poll() is not None:
                log(f"nginx exited with {self.nginx.returncode}; see {self.run_dir / 'error.log'}")
                return 1
            for r in self.replicas:
                if r.proc.poll() is not None and not self.stopping:
                    if not self.restart:
                        continue
                    r.restarts += 1
                    log(f"replica on port {r.port} exited with {r.proc.returncode}: restarting ({r.restarts})")
                    time.sleep(min(2 ** r.restarts, 30) / 4)
                    r.start()
                    self.write_state()
            if all(r.proc.poll() is not None for r in self.replicas):
                log("every replica has exited")
                return 1
            time.sleep(0.5)
        return 0

    def stop(self) -> None:
        """nginx first (no new requests), then the replicas; each by its pid, TERM then KILL."""
        self.stopping = True
        procs = [p for p in [self.nginx, *(r.proc for r in self.replicas)] if p is not None]
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)
        log("stopped")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m deploy.serve", description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8501)), help="nginx's port (8501)")
    ap.add_argument("--host", default="0.0.0.0", help="nginx's address (0.0.0.0: every interface)")
    ap.add_argument("--replicas", type=int, default=2, help="Streamlit processes (2)")
    ap.add_argument("--data", default=os.environ.get(DATA_ENV) or None,
                    help="data folder (default: the shipped data/)")
    ap.add_argument("--run-dir", type=Path, help="config, logs, pid and state.json (default: a new temp dir)")
    ap.add_argument("--replica-ports", help="comma-separated ports for the replicas (default: free ports)")
    ap.add_argument("--no-restart", action="store_true", help="leave a replica that dies down (tests)")
    ap.add_argument("--app", default=APP, help="the script each replica runs (app.py; the benchmark's floor pages "
                                              "are served through the same proxy with it)")
    args = ap.parse_args(argv)
    if args.replicas < 1:
        ap.error("--replicas must be at least 1")

    run_dir = (args.run_dir or Path(tempfile.mkdtemp(prefix="ctc-serve-"))).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    ports = [int(p) for p in args.replica_ports.split(",")] if args.replica_ports else []
    while len(ports) < args.replicas:
        p = free_port()
        if p not in ports and p != args.port:
            ports.append(p)
    data = str(Path(args.data).expanduser().resolve()) if args.data else None
    secret = secrets.token_hex(32)
    replicas = [Replica(p, data, run_dir / f"streamlit-{p}.log", secret, app=args.app) for p in ports[:args.replicas]]
    stack = Stack(args.port, replicas, run_dir, restart=not args.no_restart)

    def on_signal(signum, _frame):
        stack.stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    log(f"run dir {run_dir}")
    try:
        stack.start(args.host)
        return stack.watch()
    except SystemExit as e:
        if e.code not in (None, 0):
            log(str(e.code))
        return 1 if e.code not in (None, 0) else 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
