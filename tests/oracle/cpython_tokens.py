"""Oracle for PodLint's tokenizer tests: dumps what CPython 3.13 makes of Python files.

Reads file paths (one per line) on stdin, or takes them as arguments; for each prints one JSON line:
  {"file": path,
   "tokens": [[TYPE, line, col, end_line, end_col], ...] | null,   # C tokenizer, extra tokens mode
   "tokerr": [msg, line, col] | null,                              # error raised by the tokenizer iterator
   "compile": null | [type, msg, line, col],                       # compile(bytes, ..., PyCF_ONLY_AST)
   "skip": reason | null}
TYPE is tokenize's exact type name (LPAR, NOTEQUAL...). Columns are converted from CPython's character
columns to UTF-8 byte columns (PodLint's convention). A compile error's col is 0-based bytes, or -1.
"""
import ast, io, json, sys, tokenize, _tokenize


def byte_col(lines, line, col):
    if 1 <= line <= len(lines):
        return len(lines[line - 1][:col].encode("utf-8", "surrogatepass"))
    return col


def dump(path, data):
    out = {"file": path, "tokens": None, "tokerr": None, "compile": None, "skip": None}
    try:
        compile(data, path, "exec", ast.PyCF_ONLY_AST)
    except SyntaxError as e:
        col = -1
        if e.lineno is not None and e.offset is not None and e.text is not None:
            # e.text is the decoded line; offset is 1-based in characters.
            col = len(e.text[: max(e.offset - 1, 0)].encode("utf-8", "surrogatepass"))
        out["compile"] = [type(e).__name__, e.msg, e.lineno, col]
    except (ValueError, UnicodeError) as e:
        out["compile"] = [type(e).__name__, str(e), None, -1]
    try:
        enc, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(enc)
    except Exception as e:  # undecodable: only the compile result matters
        out["skip"] = "decode: %s" % e
        return out
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text.replace("\r\n", ""):
        out["skip"] = "lone CR (the readline-based tokenizer does not treat it as a line break)"
        return out
    if "\0" in text:
        out["skip"] = "NUL"
        return out
    lines = io.StringIO(text).readlines()
    toks = []
    try:
        for t in _tokenize.TokenizerIter(io.StringIO(text).readline, extra_tokens=True):
            info = tokenize.TokenInfo._make(t)
            (sl, sc), (el, ec) = info.start, info.end
            if (info.type == tokenize.FSTRING_MIDDLE and info.string[-1:] in ("{", "}")
                    and 1 <= el <= len(lines) and lines[el - 1][ec:ec + 1] == info.string[-1]
                    and not info.string.endswith("\\N{") and "\\N{" not in info.string[-40:]):
                # CPython cuts a doubled brace down to one in the token and ends the token before the
                # second brace; PodLint keeps both, so extend to the raw end.
                ec += 1
            # "<>" is a NOTEQUAL token to the C tokenizer; tokenize only knows it as a generic OP.
            name = "NOTEQUAL" if info.string == "<>" else tokenize.tok_name[info.exact_type]
            toks.append([name, sl, byte_col(lines, sl, sc),
                         el, byte_col(lines, el, ec), info.string == ""])
    except SyntaxError as e:
        out["tokerr"] = [e.msg, e.lineno, e.offset]
    out["tokens"] = toks
    return out


def main():
    paths = sys.argv[1:] or [l.rstrip("\n") for l in sys.stdin if l.strip()]
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        print(json.dumps(dump(p, data)), flush=False)


if __name__ == "__main__":
    main()
