"""Start and stop the benchmark's gunicorn (2 sync workers, DEBUG off) and wait until it answers."""

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Gunicorn:
    def __init__(self, env, host, port, workers=2, log_path=None):
        self.env, self.host, self.port, self.workers = env, host, port, workers
        self.log_path = log_path
        self.process = None

    def __enter__(self):
        if self.answers():
            raise RuntimeError(f"Something already answers on {self.host}:{self.port}; pick another --port.")
        command = [
            str(Path(sys.executable).with_name("gunicorn")), "newsroom.wsgi",
            "--bind", f"{self.host}:{self.port}", "--workers", str(self.workers), "--worker-class", "sync",
            "--error-logfile", str(self.log_path or "-"), "--log-level", "warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **self.env},
                                        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        self.wait_ready()
        return self

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            if self.answers():
                return
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer on {self.host}:{self.port} within {timeout} s")

    def answers(self):
        try:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=5)
            conn.request("GET", "/robots.txt")  # no database, no cache: answers once Django is up
            return conn.getresponse().status == 200
        except OSError:
            return False

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
