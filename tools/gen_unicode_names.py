#!/usr/bin/env python3
"""Generates src/PodLint.Syntax/Python/Literals/UnicodeNames.txt.gz, the name table used for \\N{...}.

Run once with CPython 3.13 (PYENV_VERSION=3.13.0 python3.13 tools/gen_unicode_names.py [NameAliases.txt]).

The table holds every character name known to this interpreter's unicodedata (Unicode 15.1 for 3.13)
except the algorithmic ones (CJK UNIFIED IDEOGRAPH-XXXX and HANGUL SYLLABLE ...), which PodLint
computes in code, plus the formal name aliases (from NameAliases.txt, e.g. Debian's unicode-data
package), each checked with unicodedata.lookup. Named sequences are left out: \\N{...} rejects them.

Format (UTF-8 text, gzip-compressed): one entry per line, "<delta>;<NAME>", where delta is the code
point minus the previous line's code point, in hexadecimal (first line: minus 0). Names are sorted by
code point; aliases follow after a line "#aliases" with the same delta encoding restarted at 0.
"""
import gzip
import os
import sys
import unicodedata

assert sys.version_info[:2] == (3, 13), "generate with CPython 3.13"
assert unicodedata.unidata_version == "15.1.0"

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "PodLint.Syntax", "Python", "Literals", "UnicodeNames.txt.gz")
ALIASES = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode/NameAliases.txt"

# The CJK unified ideograph ranges that PythonLiterals hard-codes; checked here against unicodedata.
CJK_RANGES = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x20000, 0x2A6DF), (0x2A700, 0x2B739),
              (0x2B740, 0x2B81D), (0x2B820, 0x2CEA1), (0x2CEB0, 0x2EBE0), (0x2EBF0, 0x2EE5D),
              (0x30000, 0x3134A), (0x31350, 0x323AF)]


def in_cjk(cp):
    return any(lo <= cp <= hi for lo, hi in CJK_RANGES)


names = []
for cp in range(0x110000):
    name = unicodedata.name(chr(cp), None)
    if name is None:
        assert not in_cjk(cp)
        continue
    if name.startswith("CJK UNIFIED IDEOGRAPH-"):
        assert in_cjk(cp) and name == "CJK UNIFIED IDEOGRAPH-%X" % cp, hex(cp)
        continue
    assert not in_cjk(cp)
    if name.startswith("HANGUL SYLLABLE "):
        assert 0xAC00 <= cp <= 0xD7A3, hex(cp)
        continue
    assert not (0xAC00 <= cp <= 0xD7A3)
    assert name.isascii() and name == name.upper()
    names.append((cp, name))

aliases = []
known = {n for _, n in names}
with open(ALIASES, encoding="utf-8") as f:
    for line in f:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        cp_hex, alias, _kind = line.split(";")
        cp = int(cp_hex, 16)
        try:
            ok = unicodedata.lookup(alias) == chr(cp)
        except KeyError:
            ok = False
        if not ok:
            print("skipping alias not accepted by this python:", cp_hex, alias, file=sys.stderr)
            continue
        # \N{...} must accept it too (lookup also accepts named sequences, \N does not).
        assert eval('"\\N{%s}"' % alias) == chr(cp)
        assert alias not in known, alias
        aliases.append((cp, alias))
aliases.sort()


def encode(entries):
    out, prev = [], 0
    for cp, name in entries:
        out.append("%x;%s" % (cp - prev, name))
        prev = cp
    return out


text = "\n".join(encode(names) + ["#aliases"] + encode(aliases)) + "\n"
data = gzip.compress(text.encode("ascii"), compresslevel=9, mtime=0)
with open(OUT, "wb") as f:
    f.write(data)
print("%d names, %d aliases, %d bytes raw, %d bytes gzip -> %s" % (len(names), len(aliases), len(text), len(data), OUT))
