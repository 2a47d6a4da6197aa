"""PEP 517 backend for this repository's root pyproject.toml, used by pre-commit's `language: python` hooks.

`pip install .` in a clone of this repository gets a package named podlint-pre-commit-hooks with no code of its
own that requires podlint==VERSION (VERSION from Directory.Build.props): pip then installs the podlint wheel,
which puts the native `podlint` on the hook environment's PATH. No build requirement, so it works offline when
the podlint wheel can be found (PIP_FIND_LINKS=folder PIP_NO_INDEX=1).
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
import zipfile

NAME = "podlint_pre_commit_hooks"
DIST = "podlint-pre-commit-hooks"
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _version() -> str:
    with open(os.path.join(_ROOT, "Directory.Build.props"), encoding="utf-8") as f:
        match = re.search(r"<Version>([^<]+)</Version>", f.read())
    if not match:
        raise RuntimeError("Directory.Build.props has no <Version>")
    return match.group(1).strip()


def _metadata(version: str) -> str:
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {DIST}\n"
        f"Version: {version}\n"
        "Summary: pre-commit hooks for podlint: installs the podlint wheel of the same version\n"
        "License: Apache-2.0\n"
        f"Requires-Dist: podlint=={version}\n"
    )


def _wheel_files(version: str) -> list[tuple[str, bytes]]:
    info = f"{NAME}-{version}.dist-info"
    files = [
        (f"{info}/METADATA", _metadata(version).encode()),
        (f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: podlint_hook_backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
    ]
    record = []
    for path, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode()))
    return files


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    version = _version()
    info = f"{NAME}-{version}.dist-info"
    os.makedirs(os.path.join(metadata_directory, info), exist_ok=True)
    with open(os.path.join(metadata_directory, info, "METADATA"), "w", encoding="utf-8") as f:
        f.write(_metadata(version))
    return info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = _version()
    name = f"{NAME}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in _wheel_files(version):
            zf.writestr(zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return name
