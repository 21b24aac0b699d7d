"""Where the third-party checkers live: tests/checkers/node_modules, from `npm ci` in this folder.

axe-core (accessibility rules run in Chromium), the Nu HTML Checker (vnu.jar,
run with Java) and the sitemaps.org XML Schema shipped with sitemap.js. Tests
that need one skip, saying how to install it, when it is absent; CI installs
them (.ci/run).
"""

import os
import shutil
from pathlib import Path

import pytest

MODULES = Path(__file__).resolve().parent / "node_modules"
AXE = MODULES / "axe-core" / "axe.min.js"
VNU = MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITEMAP_XSD = MODULES / "sitemap" / "schema" / "sitemap.xsd"
INSTALL = "npm ci --ignore-scripts --prefix tests/checkers"


def _missing(reason):
    # CI installs every checker (.ci/run): there, a missing one is a failure, not a skip.
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def need(path):
    """Return ``path``, or skip the test with the command that installs it."""
    if not path.exists():
        _missing(f"{path.name} is not installed; run: {INSTALL}")
    return path


def java():
    """Return the java executable, or skip (the Nu HTML Checker needs Java 11+)."""
    found = shutil.which("java")
    if not found:
        _missing(
            "Java is not installed (the Nu HTML Checker needs it): "
            "apt-get install default-jre-headless"
        )
    return found
