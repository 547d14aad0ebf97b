#!/usr/bin/env python3
"""Huitong on a laptop, with nothing but Python 3.11+ and pip.

    python3 dev.py start     install, create the SQLite database, load the demo, serve
    python3 dev.py test      install, then run the whole test suite (pytest)

Everything is installed into ./.venv; the database, media and test files live in ./var.
This file uses the standard library only.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".huitong-installed"

DEMO_LOGINS = """\
  Demo logins (password for all: huitong-demo)
    admin@huitong.example          platform admin (every alliance)
    secretariat@brimea.example     alliance admin, Belt and Road International Medical
                                   Education Alliance; reviews and publishes its courses
    training@cacms.example         alliance admin, International TCM training network
    admin@swmu.example             institution admin, Southwest Medical University
    teacher@swmu.example           faculty, Southwest Medical University; lead instructor of
                                   Science of Acupuncture and Moxibustion
    physician@belgrade.example     clinician, University of Belgrade (interface in Serbian);
                                   learner part-way through the acupuncture course
    student@uj.example             student, Jagiellonian University (interface in Polish);
                                   completed Traditional Chinese Medicine, with its certificate
    editor@huitong.example         terminology editor (reviews proposed terms)
  E-mails (sign-up confirmation, password reset) are printed in this terminal."""


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def install() -> None:
    """Create .venv and install the project with its test tools, once per pyproject."""
    if sys.version_info < (3, 11):  # noqa: UP036 (dev.py may be run by an older Python)
        sys.exit("Huitong needs Python 3.11 or newer.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing Huitong and its dependencies …", flush=True)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(wanted)


def manage(*args: str) -> None:
    run(PYTHON, "-m", "huitong", *args)


def start(args: list[str]) -> None:
    install()
    port = args[0] if args else os.environ.get("HUITONG_PORT", "8000")
    (ROOT / "var").mkdir(exist_ok=True)
    print("Creating or updating the database …", flush=True)
    manage("migrate", "--no-input", "--verbosity", "0")
    print("Loading the demo alliances …", flush=True)
    manage("demo")
    url = f"http://127.0.0.1:{port}/"
    print(
        f"\n  Huitong is running at {url}\n\n{DEMO_LOGINS}\n\n  Stop it with Ctrl+C.\n", flush=True
    )
    env = {**os.environ, "HUITONG_SITE_URL": url.rstrip("/")}
    run(PYTHON, "-m", "huitong", "runserver", f"127.0.0.1:{port}", "--skip-checks", env=env)


def test(args: list[str]) -> None:
    install()
    (ROOT / "var").mkdir(exist_ok=True)
    run(PYTHON, "-m", "pytest", *args)


def main() -> None:
    command, *rest = sys.argv[1:] or ["start"]
    commands = {"start": start, "test": test}
    if command not in commands:
        sys.exit(__doc__)
    try:
        commands[command](rest)
    except KeyboardInterrupt:
        print()


if __name__ == "__main__":
    main()
