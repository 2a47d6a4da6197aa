#!/usr/bin/env python3
"""Time CPython's own parser (compile with PyCF_ONLY_AST, i.e. ast.parse) over a list of files.

Usage: cpython_parse.py FILE_LIST [--iterations N] [--warmup N]

FILE_LIST holds one path per line. All files are read into memory first; only the parse loop is timed.
Prints one JSON object: bytes, files, rejected, per-iteration seconds, best and median MB/s and files/s.
"""

import ast
import json
import statistics
import sys
import time
import warnings


def parse_all(sources):
    rejected = 0
    for path, data in sources:
        try:
            compile(data, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        except Exception:  # a file CPython rejects still costs its parse time
            rejected += 1
    return rejected


def main(argv):
    warnings.simplefilter("ignore")
    iterations, warmup = 5, 1
    args = list(argv)
    if "--iterations" in args:
        i = args.index("--iterations")
        iterations = int(args[i + 1])
        del args[i:i + 2]
    if "--warmup" in args:
        i = args.index("--warmup")
        warmup = int(args[i + 1])
        del args[i:i + 2]
    with open(args[0], encoding="utf-8") as f:
        paths = [line.rstrip("\n") for line in f if line.strip()]
    sources = []
    for p in paths:
        with open(p, "rb") as f:
            sources.append((p, f.read()))
    total = sum(len(d) for _, d in sources)
    rejected = 0
    for _ in range(warmup):
        rejected = parse_all(sources)
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        rejected = parse_all(sources)
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    print(json.dumps({
        "python": sys.version.split()[0],
        "bytes": total,
        "files": len(sources),
        "rejected": rejected,
        "seconds": times,
        "best_mb_per_s": total / 1e6 / best,
        "median_mb_per_s": total / 1e6 / median,
        "median_files_per_s": len(sources) / median,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
