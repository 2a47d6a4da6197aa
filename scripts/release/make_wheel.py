#!/usr/bin/env python3
"""Writes a platform wheel holding the native podlint, the way ruff ships its binary.

    make_wheel.py --version 0.1.0 --rid linux-x64 --binary DIST/podlint --jit DIST/podlint-jit \
                  --readme README.md --out artifacts/release

Layout (installed by pip, pipx or uv into an environment):
  podlint-V.data/scripts/podlint          -> ENV/bin/podlint (the native binary, executable)
  podlint-V.data/data/share/podlint/podlint-jit/...
                                          -> ENV/share/podlint/podlint-jit/ (the framework-dependent build the
                                             native binary hands custom-rule runs to; needs a .NET 10 runtime)
  podlint/__init__.py, podlint/__main__.py -> `python -m podlint` runs the binary
  podlint-V.dist-info/{METADATA,WHEEL,RECORD}

The tag is py3-none-PLATFORM: the binary works with any Python. For Linux the manylinux tag is read from the
binary itself (the newest GLIBC_x.y symbol version it needs), so the wheel never claims more than it can run on.
The archive is reproducible: sorted entries, fixed timestamps (SOURCE_DATE_EPOCH, else 1980-01-01).
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import os
import re
import stat
import sys
import time
import zipfile
from pathlib import Path

MAC_MINIMUM = "12_0"  # .NET 10 supports macOS 12 (Monterey) and later


def glibc_tag(binary: bytes, arch: str) -> str:
    versions = [(int(a), int(b)) for a, b in re.findall(rb"GLIBC_(\d+)\.(\d+)(?:\.\d+)?\x00", binary)]
    if not versions:
        raise SystemExit("make_wheel: the Linux binary names no GLIBC_x.y version; cannot choose a manylinux tag")
    major, minor = max(versions)
    # PEP 600: glibc 2.17 and later map to manylinux_2_N; nothing older can be claimed by a .NET 10 binary.
    major, minor = max((major, minor), (2, 17))
    return f"manylinux_{major}_{minor}_{arch}"


def platform_tag(rid: str, binary: bytes) -> str:
    if rid == "linux-x64":
        return glibc_tag(binary, "x86_64")
    if rid == "linux-arm64":
        return glibc_tag(binary, "aarch64")
    if rid == "osx-arm64":
        return f"macosx_{MAC_MINIMUM}_arm64"
    if rid == "osx-x64":
        return f"macosx_{MAC_MINIMUM}_x86_64"
    if rid == "win-x64":
        return "win_amd64"
    raise SystemExit(f"make_wheel: no wheel platform tag for runtime '{rid}'")


def record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


INIT_PY = '''"""PodLint's native binary, installed as a console command; see find_podlint_bin()."""
from __future__ import annotations

import os
import sys
import sysconfig


def find_podlint_bin() -> str:
    """The path of the podlint binary this package installed (the environment's scripts folder, else the user's)."""
    name = "podlint" + (".exe" if sys.platform == "win32" else "")
    folders = [sysconfig.get_path("scripts")]
    for scheme in ("posix_user", "nt_user", "osx_framework_user"):
        try:
            folders.append(sysconfig.get_path("scripts", scheme))
        except KeyError:
            pass
    for folder in folders:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(name)
'''

MAIN_PY = '''"""`python -m podlint ARGS` runs the native podlint with ARGS."""
from __future__ import annotations

import os
import subprocess
import sys

from podlint import find_podlint_bin


def main() -> int:
    binary = find_podlint_bin()
    if sys.platform == "win32":
        return subprocess.call([binary, *sys.argv[1:]])
    os.execv(binary, [binary, *sys.argv[1:]])
    return 2


if __name__ == "__main__":
    sys.exit(main())
'''


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", required=True)
    parser.add_argument("--rid", required=True, help="runtime identifier of the binary (linux-x64, osx-arm64, win-x64...)")
    parser.add_argument("--binary", required=True, type=Path)
    parser.add_argument("--jit", required=True, type=Path, help="folder of the framework-dependent build")
    parser.add_argument("--readme", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()

    binary = args.binary.read_bytes()
    tag = platform_tag(args.rid, binary)
    name, version = "podlint", args.version
    data_dir = f"{name}-{version}.data"
    info_dir = f"{name}-{version}.dist-info"
    exe = "podlint.exe" if args.rid.startswith("win-") else "podlint"

    files: list[tuple[str, bytes, bool]] = [(f"{data_dir}/scripts/{exe}", binary, True)]
    for path in sorted(p for p in args.jit.rglob("*") if p.is_file()):
        rel = path.relative_to(args.jit).as_posix()
        files.append((f"{data_dir}/data/share/podlint/podlint-jit/{rel}", path.read_bytes(), False))
    files.append(("podlint/__init__.py", INIT_PY.encode(), False))
    files.append(("podlint/__main__.py", MAIN_PY.encode(), False))

    readme = args.readme.read_text(encoding="utf-8")
    metadata = "\n".join([
        "Metadata-Version: 2.1",
        f"Name: {name}",
        f"Version: {version}",
        "Summary: Lints and migrates Apache Airflow pod-operator configurations (KubernetesPodOperator DAGs, Helm values, airflow.cfg).",
        "Home-page: https://github.com/podlint/podlint",
        "Author: PodLint contributors",
        "License: Apache-2.0",
        "Keywords: airflow,kubernetes,linter,KubernetesPodOperator",
        "Classifier: Environment :: Console",
        "Classifier: License :: OSI Approved :: Apache Software License",
        "Classifier: Programming Language :: Python :: 3",
        "Classifier: Topic :: Software Development :: Quality Assurance",
        "Requires-Python: >=3.8",
        "Description-Content-Type: text/markdown",
        "",
        readme,
    ])
    wheel = "\n".join([
        "Wheel-Version: 1.0",
        "Generator: podlint scripts/release/make_wheel.py",
        "Root-Is-Purelib: false",
        f"Tag: py3-none-{tag}",
        "",
    ])
    files.append((f"{info_dir}/METADATA", metadata.encode("utf-8"), False))
    files.append((f"{info_dir}/WHEEL", wheel.encode("utf-8"), False))

    record_lines = [f"{path},{record_hash(data)},{len(data)}" for path, data, _ in files]
    record_lines.append(f"{info_dir}/RECORD,,")
    files.append((f"{info_dir}/RECORD", ("\n".join(record_lines) + "\n").encode("utf-8"), False))

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"{name}-{version}-py3-none-{tag}.whl"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        # RECORD last, as the wheel spec recommends; everything else in order.
        for path, data, executable in files:
            info = zipfile.ZipInfo(path, date_time=stamp)
            mode = 0o755 if executable else 0o644
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
