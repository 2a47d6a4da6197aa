"""Fills in the expected trees of tests/fixtures/parser/cases.txt from CPython's ast.dump.

Each case is a '### name' line, the source, and optionally '---' followed by the expected output:
one `ast.dump(stmt, include_attributes=True)` line per top-level statement, or `error` when CPython
rejects the source. Run with CPython 3.13:  PYENV_VERSION=3.13.0 python3.13 tools/gen_parser_cases.py [--check]
"""
import ast
import sys

PATH = "tests/fixtures/parser/cases.txt"


def read_cases(text):
    cases = []
    for block in text.split("### ")[1:]:
        name, _, rest = block.partition("\n")
        source, sep, expected = rest.partition("\n---\n")
        if not sep:
            source = rest
            expected = ""
        cases.append((name.strip(), source.rstrip("\n") + "\n", expected.rstrip("\n")))
    return cases


def expect(source):
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return "error"
    return "\n".join(ast.dump(s, include_attributes=True) for s in tree.body)


def main():
    check = "--check" in sys.argv
    with open(PATH, encoding="utf-8") as f:
        cases = read_cases(f.read())
    out = []
    stale = 0
    for name, source, expected in cases:
        actual = expect(source)
        if expected != actual:
            stale += 1
        out.append(f"### {name}\n{source}---\n{actual}\n")
    if check:
        print(f"{stale} stale of {len(cases)}")
        sys.exit(1 if stale else 0)
    with open(PATH, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out))


main()
