#!/usr/bin/env python3
"""Print CPython's AST of Python files as JSON lines: the oracle for PodLint's parser.

Usage: cpython_ast_json.py [--exclude-dir NAME]... [--error-type] PATH...

Walks the paths exactly like `podlint debug ast` (a file argument is taken as is; a folder is searched
recursively for *.py files, symlinked folders are not entered, and the files found under one argument
are sorted by their path string) and prints, per file, one line

    {"path": P, "ast": NODE}    or    {"path": P, "error": {"message": M, "lineno": L, "col_offset": C}}

in the same form as PodLint's AstJson (with --error-type, an error is {"type": T, "message": M, "lineno": L,
"col_offset": C}, T being the exception class: SyntaxError, IndentationError, TabError, or null for anything
else). An error's col_offset is PodLint's column: the 0-based UTF-8 byte position in the error's line of the
character CPython's 1-based character offset points at. Nodes are {"_type": CLASS, fields in _fields order, then the
_attributes}, constant values are tagged ({"str": s}, {"bytes": hex}, {"int": "digits"}, {"float": x},
{"complex": imag}, {"bool": b}, {"none": null}, {"ellipsis": null}). Lines are json.dumps with
ensure_ascii=False, so output for a correctly parsed file is byte-identical to podlint's.

Run it with CPython 3.13 (PYENV_VERSION=3.13.0 python3.13); the file is parsed, never executed.
"""

import ast
import warnings
import json
import math
import os
import sys


def constant_value(value):
    # bool is a subclass of int: test it first.
    if value is None:
        return {"none": None}
    if value is Ellipsis:
        return {"ellipsis": None}
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, str):
        return {"str": value}
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": float_value(value)}
    if isinstance(value, complex):
        return {"complex": float_value(value.imag)}
    raise TypeError(f"unexpected constant {type(value).__name__}")


def float_value(x):
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def to_json(value):
    if isinstance(value, ast.AST):
        out = {"_type": type(value).__name__}
        tagged = isinstance(value, (ast.Constant, ast.MatchSingleton))
        for name in value._fields:
            field = getattr(value, name, None)
            out[name] = constant_value(field) if tagged and name == "value" else to_json(field)
        for name in value._attributes:
            out[name] = getattr(value, name, None)
        return out
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if value is None or isinstance(value, (str, int)):
        return value
    raise TypeError(f"unexpected field value {type(value).__name__}")


def walk(arg, exclude):
    """Yield (path, error) pairs for one command-line argument, in podlint's order."""
    if not os.path.isdir(arg):
        yield arg, None
        return
    root = arg.rstrip("/") or "/"
    found = []
    errors = []

    def visit(folder):
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as e:
            errors.append((folder, e.strerror or str(e)))
            return
        for entry in entries:
            path = folder + "/" + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in exclude:
                        visit(path)
                elif entry.name.endswith(".py") and entry.is_file():
                    found.append((path, None))
            except OSError as e:
                errors.append((path, e.strerror or str(e)))

    visit(root)
    found.extend(errors)
    found.sort(key=lambda pair: pair[0].encode("utf-16-be", "surrogatepass"))
    yield from found


def error_entry(error_type, message, lineno, col, with_type):
    entry = {"message": message, "lineno": lineno, "col_offset": col}
    return {"type": error_type, **entry} if with_type else entry


def byte_col(e):
    """PodLint's column of a SyntaxError: the UTF-8 byte position of the character at e.offset (1-based)."""
    if not isinstance(e.offset, int):
        return None
    if e.text is None:
        return max(e.offset - 1, 0)
    return len(e.text[: max(e.offset - 1, 0)].encode("utf-8", "surrogatepass"))


def parse_line(path, with_type=False):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        return {"path": path, "error": error_entry(None, e.strerror or str(e), None, None, with_type)}
    try:
        tree = compile(data, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as e:
        return {"path": path, "error": error_entry(type(e).__name__, str(e.msg), e.lineno, byte_col(e), with_type)}
    except (ValueError, UnicodeDecodeError, LookupError, MemoryError, RecursionError) as e:
        return {"path": path, "error": error_entry(None, f"{type(e).__name__}: {e}", None, None, with_type)}
    return {"path": path, "ast": to_json(tree)}


def main(argv):
    sys.set_int_max_str_digits(0)
    warnings.simplefilter("ignore")  # SyntaxWarnings do not change the tree
    sys.setrecursionlimit(100_000)
    exclude = set()
    paths = []
    with_type = False
    it = iter(argv)
    for a in it:
        if a == "--exclude-dir":
            exclude.add(next(it))
        elif a == "--error-type":
            with_type = True
        else:
            paths.append(a)
    if not paths:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    out = sys.stdout.buffer
    failed = False
    for arg in paths:
        for path, error in walk(arg, exclude):
            if error is not None:
                line = {"path": path, "error": error_entry(None, error, None, None, with_type)}
            else:
                line = parse_line(path, with_type)
            failed = failed or "error" in line
            text = json.dumps(line, ensure_ascii=False)
            # A lone surrogate (legal in a Python str) cannot be encoded to UTF-8; it only occurs inside
            # JSON string literals, where backslashreplace's \udXXX is exactly the JSON escape.
            out.write(text.encode("utf-8", "backslashreplace"))
            out.write(b"\n")
    out.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
