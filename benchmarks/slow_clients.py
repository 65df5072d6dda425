"""Slow and oversized clients against the documented production server.

    .venv/bin/python benchmarks/slow_clients.py [--server granian|gunicorn] [--port 8980]

Starts the production server exactly as the README's Production section runs it (granian,
ASGI; or, for comparison, the old `gunicorn --workers 3` sync command) with DEBUG off on
127.0.0.1, then:

1. opens four clients that send a POST body one byte a second and never finish;
2. while they are open, times ten ordinary requests (/healthz, which queries the database,
   and the FAQ page) — each must answer 200 within 5 s;
3. sends the headers of a 200 MB anonymous upload and expects a 413 before any of the
   body is sent (the server refuses from Content-Length, unread);
4. waits for the slow clients to be refused (408) once REQUEST_BODY_TIMEOUT_SECONDS passes.

Uses a scratch database (``modelref_bench``) on the embedded server (or DATABASE_URL's).
Prints what happened and exits non-zero if the server did not hold.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from modelref.serve import granian_command  # noqa: E402

SLOW_CLIENTS = 4
BODY_TIMEOUT = 8  # seconds, for the run (the default is 30)


def server_env(port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_MANIFEST="false",
        SECURE_COOKIES="false",
        DATABASE_NAME=env.get("DATABASE_NAME", "modelref_bench"),
        REQUEST_BODY_TIMEOUT_SECONDS=str(BODY_TIMEOUT),
        PORT=str(port),
    )
    return env


def prepare_database(env: dict[str, str]) -> None:
    code = (
        "import django, os; django.setup()\n"
        "from django.db import connection\n"
        "name = connection.settings_dict['NAME']; connection.settings_dict['NAME'] = 'postgres'\n"
        "with connection.cursor() as c:\n"
        "    c.execute('SELECT 1 FROM pg_database WHERE datname = %s', [name])\n"
        "    c.fetchone() or c.execute(f'CREATE DATABASE \"{name}\"')\n"
    )
    python = str(BASE_DIR / ".venv/bin/python")
    setup_env = {**env, "DJANGO_SETTINGS_MODULE": "modelref.settings"}
    subprocess.run([python, "-c", code], cwd=BASE_DIR, env=setup_env, check=True)
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=setup_env,
        check=True,
    )


def start_server(kind: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    if kind == "granian":
        command = granian_command(host="127.0.0.1", port=port)
    else:
        command = [
            "gunicorn", "modelref.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "3",
        ]  # fmt: skip
    command[0] = str(BASE_DIR / ".venv/bin" / command[0])
    print("$", " ".join(command))
    server = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("The server did not start.")


def csrf_cookie(port: int) -> bytes:
    """A CSRF cookie (the login page sets one): with it, Django reads a POST body for the
    token, as it does for a visitor who opened the report form."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=10) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith("csrftoken="):
                return header.split(";", 1)[0].encode()
    raise SystemExit("The login page set no CSRF cookie.")


def slow_client(port: int, cookie: bytes, results: list[str]) -> None:
    """A form POST whose body comes one byte a second, never complete."""
    connection = socket.create_connection(("127.0.0.1", port))
    connection.sendall(
        b"POST /report/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie + b"\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\n"
    )
    connection.settimeout(1)
    started = time.monotonic()
    while time.monotonic() - started < BODY_TIMEOUT + 20:
        try:
            connection.sendall(b"a")
            answer = connection.recv(200)
        except TimeoutError:
            continue
        except OSError as error:
            results.append(f"closed after {time.monotonic() - started:.0f} s ({error})")
            return
        if answer:
            status = answer.split(b"\r\n", 1)[0].decode()
            results.append(f"{status} after {time.monotonic() - started:.0f} s")
            return
    results.append("still open")


def timed_get(port: int, path: str) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            response.read()
            return response.status, time.monotonic() - started
    except OSError:
        return 0, time.monotonic() - started


def huge_upload(port: int, cookie: bytes) -> str:
    """Headers of a 200 MB multipart upload; the body is never sent."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    connection.sendall(
        b"POST /report/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie + b"\r\n"
        b"Content-Type: multipart/form-data; boundary=x\r\n"
        + f"Content-Length: {200 * 1024 * 1024}\r\n\r\n".encode()
    )
    try:
        return connection.recv(200).split(b"\r\n", 1)[0].decode() or "(closed)"
    except TimeoutError:
        return "no answer within 10 s"
    finally:
        connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server", choices=["granian", "gunicorn"], default="granian")
    parser.add_argument("--port", type=int, default=8980)
    args = parser.parse_args()
    env = server_env(args.port)
    prepare_database(env)
    server = start_server(args.server, args.port, env)
    ok = True
    try:
        slow: list[str] = []
        cookie = csrf_cookie(args.port)
        threads = [
            threading.Thread(target=slow_client, args=(args.port, cookie, slow), daemon=True)
            for _ in range(SLOW_CLIENTS)
        ]
        for thread in threads:
            thread.start()
        time.sleep(2)
        print(f"{SLOW_CLIENTS} clients are sending their POST bodies at one byte a second.")
        for path in ["/healthz", "/faq/"] * 5:
            status, seconds = timed_get(args.port, path)
            print(f"  GET {path:9} -> {status or 'no answer'} in {seconds * 1000:.0f} ms")
            ok &= status == 200
        status = huge_upload(args.port, cookie)
        print(f"200 MB upload (headers only) -> {status}")
        ok &= "413" in status
        for thread in threads:
            thread.join()
        for result in slow:
            print(f"  slow client: {result}")
        ok &= all("408" in result for result in slow)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    print("HELD" if ok else "DID NOT HOLD")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
