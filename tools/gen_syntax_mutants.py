#!/usr/bin/env python3
"""Write Python files with syntax errors: small token-level mutations of valid files.

Usage: gen_syntax_mutants.py [--seed N] [--count N] OUTPUT_DIR BASE_DIR...

Each *.py file under the BASE_DIRs that CPython compiles is mutated at token boundaries, one edit per
output file: a token deleted, a token duplicated (with or without a space), or a token from a fixed
palette inserted before a token (keywords, brackets, operators, quotes, line breaks, indentation...).
A mutant is kept only when CPython rejects it with a SyntaxError (or its IndentationError/TabError
subclasses) and its text was not produced before. The output is deterministic for a given seed, set of
base files and CPython version: base files are read in sorted order and one random.Random(seed) drives
every choice. Files are written as OUTPUT_DIR/m00000.py, m00001.py, ...

Run it with CPython 3.13 (PYENV_VERSION=3.13.0 python3.13): the mutants are compiled, never executed.
PodLint's differential test runs it into a temporary folder, then compares PodLint's error for each file
with CPython's (tests/PodLint.Syntax.Tests/Differential/ErrorDifferentialTests.cs).
"""

import ast
import io
import os
import random
import sys
import tokenize
import warnings

PALETTE = [
    "(", ")", "[", "]", "{", "}", ":", ",", ".", "=", "==", "+", "-", "*", "**", "/", "|", "->", "@",
    ";", ":=", "!", "<>", "lambda", "lambda:", "if", "else", "elif", "for", "in", "not", "is", "and", "or",
    "def", "class", "return", "yield", "import", "from", "as", "pass", "with", "try", "except", "except*",
    "finally", "while", "async", "await", "del", "global", "nonlocal", "raise", "assert", "x", "1", "1.5",
    "0x", "1_", "09", "'s'", "b'b'", "\"", "'", "'''", "f'{x}'", "f'{", "{x", "\n", "    ", "\t", " ",
    "\\", "...", "print", "match", "case", "type", "_", "True", "None", "$", "?", "`", "#", "\u00e9",
]


def compiles(text):
    """None when CPython accepts the text, else the exception class name (only syntax errors count)."""
    try:
        compile(text, "<mutant>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        return None
    except SyntaxError as e:
        return type(e).__name__
    except (ValueError, UnicodeError, MemoryError, RecursionError):
        return "other"


def token_spans(text):
    """(start, end, type) character offsets of the tokens of a text, comments and line breaks included."""
    line_starts = [0]
    for line in io.StringIO(text):
        line_starts.append(line_starts[-1] + len(line))
    spans = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            (sl, sc), (el, ec) = tok.start, tok.end
            if sl > len(line_starts) or el > len(line_starts):
                continue
            start = line_starts[sl - 1] + sc
            end = line_starts[el - 1] + ec
            if end > start or tok.type in (tokenize.NEWLINE, tokenize.NL):
                spans.append((start, max(end, start), tok.type))
    except (tokenize.TokenError, SyntaxError):
        return []
    return spans


def mutate(rng, text, spans):
    start, end, _ = spans[rng.randrange(len(spans))]
    op = rng.randrange(3)
    if op == 0:
        return text[:start] + text[end:]
    if op == 1:
        sep = rng.choice(["", " "])
        return text[:end] + sep + text[start:end] + text[end:]
    piece = rng.choice(PALETTE)
    sep = rng.choice(["", " "])
    return text[:start] + piece + sep + text[start:]


def base_files(dirs):
    found = []
    for d in dirs:
        for root, subdirs, files in os.walk(d):
            subdirs.sort()
            for name in files:
                if name.endswith(".py"):
                    found.append(os.path.join(root, name))
    found.sort()
    bases = []
    for path in found:
        with open(path, "rb") as f:
            data = f.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if text.startswith("\ufeff") or "\r" in text or "\0" in text or compiles(text) is not None:
            continue
        spans = token_spans(text)
        if spans:
            bases.append((path, text, spans))
    return bases


def main(argv):
    seed, count = 20250613, 6000
    args = []
    it = iter(argv)
    for a in it:
        if a == "--seed":
            seed = int(next(it))
        elif a == "--count":
            count = int(next(it))
        else:
            args.append(a)
    if len(args) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    out, dirs = args[0], args[1:]
    warnings.simplefilter("ignore")
    bases = base_files(dirs)
    if not bases:
        print("no base files", file=sys.stderr)
        return 2
    os.makedirs(out, exist_ok=True)
    rng = random.Random(seed)
    seen = set()
    written = 0
    attempts = 0
    while written < count and attempts < count * 20:
        attempts += 1
        _, text, spans = bases[attempts % len(bases)]
        mutant = mutate(rng, text, spans)
        if mutant in seen:
            continue
        seen.add(mutant)
        kind = compiles(mutant)
        if kind not in ("SyntaxError", "IndentationError", "TabError"):
            continue
        with open(os.path.join(out, "m%05d.py" % written), "w", encoding="utf-8", newline="") as f:
            f.write(mutant)
        written += 1
    print(written)
    return 0 if written >= count else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
