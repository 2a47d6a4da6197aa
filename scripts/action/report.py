#!/usr/bin/env python3
"""Helpers of the PodLint GitHub Action (standard library only; python3 is on every GitHub-hosted runner).

Subcommands:
  event-field EVENT DOTTED.PATH   print one string field of the event payload (nothing if absent)
  custom-rules                    decide the custom-rules input (env INPUT_CUSTOM_RULES, GITHUB_EVENT_NAME,
                                  GITHUB_EVENT_PATH); prints "on" or "off", a tab, and the reason
  show-paths LIST                 print a NUL-separated path list for the log, escaped, commands stopped
  log FILE                        print untrusted text (podlint's stderr) for the log, escaped, commands stopped
  report SARIF EXIT PATHS MODE CUSTOM
                                  read podlint's SARIF file: annotations on stdout, the job summary appended to
                                  $GITHUB_STEP_SUMMARY, step outputs appended to $GITHUB_OUTPUT

Everything that came from the checked repository (file names, messages, rule names of custom rules, podlint's
stderr) is treated as hostile: no control character or line break reaches the log or the summary raw, workflow
command values are escaped as the runner decodes them, and Markdown code fences are longer than any backtick
run inside them.
"""
import json
import os
import re
import secrets
import sys
import urllib.parse

# Characters that would end a line or change what a terminal or log viewer shows.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def visible(text):
    """The text on one line: control characters, line separators and lone surrogates as \\xNN / \\uNNNN."""
    def esc(m):
        c = ord(m.group(0))
        return "\\x%02x" % c if c < 0x100 else "\\u%04x" % c
    return _UNSAFE.sub(esc, text)


def command_data(text):
    """A workflow command's message: % first, then CR and LF, as the runner decodes them."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def command_property(text):
    """A workflow command's property value: like the message, plus ':' and ','."""
    return command_data(text).replace(":", "%3A").replace(",", "%2C")


def untrusted_lines(lines, out=sys.stdout):
    """Prints lines that may look like workflow commands with command processing stopped around them."""
    lines = list(lines)
    if not lines:
        return
    token = "podlint-" + secrets.token_hex(16)
    out.write("::stop-commands::%s\n" % token)
    for line in lines:
        out.write(visible(line) + "\n")
    out.write("::%s::\n" % token)
    out.flush()


def md_text(text):
    """Text for a Markdown table cell or paragraph: one line, no HTML, no Markdown syntax."""
    text = visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", text)


def md_link(label, url):
    """A link when the URL is plain http(s) without anything that could end the link early; else the label."""
    if isinstance(url, str) and re.fullmatch(r"https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+", url):
        return "[%s](%s)" % (md_text(label), url.replace("(", "%28").replace(")", "%29").replace("'", "%27"))
    return md_text(label)


def code_block(lines):
    """A fenced block that no line inside it can close (the fence is longer than any backtick run)."""
    lines = [visible(line) for line in lines]
    longest = max([len(run) for line in lines for run in re.findall(r"`+", line)] + [2])
    fence = "`" * (longest + 1)
    return [fence + "text"] + lines + [fence]


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def event_field(event_path, dotted):
    value = read_json(event_path)
    for key in dotted.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        print(value)


def custom_rules():
    """on/off and why. "auto": off where the checked code may come from someone without write access."""
    wanted = os.environ.get("INPUT_CUSTOM_RULES", "auto").strip().lower()
    event_name = os.environ.get("GITHUB_EVENT_NAME", "")
    if wanted in ("true", "false"):
        return ("on" if wanted == "true" else "off"), "custom-rules: %s" % wanted
    if wanted not in ("auto", ""):
        raise SystemExit("custom-rules must be auto, true or false, not '%s'" % visible(wanted))
    if event_name == "pull_request_target":
        return "off", "auto: pull_request_target runs with the base repository's token and secrets"
    if event_name.startswith("pull_request"):
        try:
            pr = read_json(os.environ.get("GITHUB_EVENT_PATH", "")).get("pull_request") or {}
            head_repo = (pr.get("head") or {}).get("repo") or {}
            base_repo = (pr.get("base") or {}).get("repo") or {}
        except (OSError, ValueError, AttributeError):
            return "off", "auto: the pull request event cannot be read, so it may come from a fork"
        head_name, base_name = head_repo.get("full_name"), base_repo.get("full_name")
        if not head_name or not base_name:
            return "off", "auto: the pull request event does not name both repositories (a deleted fork?)"
        if head_name.lower() != base_name.lower() or head_repo.get("fork") is True:
            return "off", "auto: the pull request comes from a fork"
    return "on", "auto: %s from this repository" % (event_name or "unknown event")


def read_paths(list_path):
    with open(list_path, "rb") as f:
        data = f.read()
    return [p.decode("utf-8", "surrogateescape") for p in data.split(b"\0") if p]


def show_paths(list_path):
    untrusted_lines("  " + p for p in read_paths(list_path))


def show_log(path):
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", "surrogateescape")
    except OSError:
        return
    untrusted_lines(text.splitlines())


class Incomplete(Exception):
    pass


def load_results(sarif_path):
    """The findings of a complete SARIF file from podlint, else Incomplete with the reason."""
    try:
        with open(sarif_path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise Incomplete("no results file (%s)" % e.strerror)
    if not raw.strip():
        raise Incomplete("the results file is empty")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise Incomplete("the results file is not complete JSON (%s)" % e)
    try:
        run = doc["runs"][0]
        driver = run["tool"]["driver"]
        invocation = run["invocations"][0]
        results = run["results"]
    except (KeyError, IndexError, TypeError):
        raise Incomplete("the results file lacks runs[0] with tool, invocations and results")
    if driver.get("name") != "podlint" or not isinstance(results, list):
        raise Incomplete("the results file was not written by podlint")
    if not isinstance(invocation.get("executionSuccessful"), bool):
        raise Incomplete("the results file does not say whether the run succeeded")
    rules = {r.get("id"): r for r in driver.get("rules") or [] if isinstance(r, dict)}
    return results, rules, invocation["executionSuccessful"]


def finding(result, rules):
    rule_id = str(result.get("ruleId") or "?")
    level = result.get("level") or ((rules.get(rule_id) or {}).get("defaultConfiguration") or {}).get("level") or "warning"
    message = str((result.get("message") or {}).get("text") or "")
    path = line = col = end_line = end_col = None
    locations = result.get("locations") or []
    if locations:
        physical = locations[0].get("physicalLocation") or {}
        uri = (physical.get("artifactLocation") or {}).get("uri")
        if isinstance(uri, str):
            path = urllib.parse.unquote(uri, errors="surrogateescape")
            if path.startswith("file://"):
                path = urllib.parse.urlparse(path).path
        region = physical.get("region") or {}
        line, col = region.get("startLine"), region.get("startColumn")
        end_line, end_col = region.get("endLine"), region.get("endColumn")
    return {"rule": rule_id, "level": level, "message": message, "path": path,
            "line": line, "col": col, "end_line": end_line, "end_col": end_col}


def annotation(f):
    command = {"error": "error", "warning": "warning"}.get(f["level"], "notice")
    props = []
    if f["path"] is not None:
        props.append("file=" + command_property(f["path"]))
        for name, key in (("line", "line"), ("col", "col"), ("endLine", "end_line"), ("endColumn", "end_col")):
            if isinstance(f[key], int) and not isinstance(f[key], bool):
                props.append("%s=%d" % (name, f[key]))
    props.append("title=" + command_property(f["rule"]))
    return "::%s %s::%s" % (command, ",".join(props), command_data(f["message"]))


def concise(f):
    where = f["path"] if f["path"] is not None else "(project)"
    if isinstance(f["line"], int):
        where += ":%d" % f["line"]
        if isinstance(f["col"], int):
            where += ":%d" % f["col"]
    return "%s: %s %s" % (where, f["rule"], f["message"])


def plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


SHOWN = 200


def report(sarif_path, exit_code, paths_count, mode, custom):
    summary = []
    outputs = {"sarif-file": sarif_path, "exit-code": exit_code}
    stderr_path = os.environ.get("PODLINT_STDERR", "")
    try:
        results, rules, succeeded = load_results(sarif_path)
        findings = [finding(r, rules) for r in results if isinstance(r, dict) and not r.get("suppressions")]
        complete = "true"
    except Incomplete as e:
        findings, rules, succeeded, complete = [], {}, False, "false"
        problem = str(e)

    errors = sum(1 for f in findings if f["level"] == "error")
    warnings = sum(1 for f in findings if f["level"] == "warning")
    notes = len(findings) - errors - warnings
    for f in findings:
        print(annotation(f))

    summary.append("## PodLint")
    summary.append("")
    checked = "%s (%s)" % (plural(int(paths_count), "path"), md_text(mode))
    summary.append("Checked %s; custom rules %s." % (checked, md_text(custom)))
    summary.append("")
    if complete != "true":
        summary.append("**podlint did not finish** (exit %s): %s. Its results are not trusted and the job fails."
                       % (md_text(exit_code), md_text(problem)))
        summary.append("")
    elif exit_code not in ("0", "1") or not succeeded:
        summary.append("**podlint could not check everything** (exit %s); the job fails." % md_text(exit_code))
        summary.append("")
    if complete != "true" or exit_code not in ("0", "1") or not succeeded:
        try:
            with open(stderr_path, "rb") as f:
                err = f.read().decode("utf-8", "surrogateescape").splitlines()
        except OSError:
            err = []
        if err:
            summary.extend(code_block(err[:50] + (["... (%d more lines in the log)" % (len(err) - 50)] if len(err) > 50 else [])))
            summary.append("")
    if complete == "true":
        if not findings:
            summary.append("No findings.")
        else:
            summary.append("**%s**: %s, %s, %s." % (plural(len(findings), "finding"), plural(errors, "error"),
                                                      plural(warnings, "warning"), plural(notes, "note")))
            summary.append("")
            summary.append("| Rule | Name | Findings |")
            summary.append("| --- | --- | ---: |")
            counts = {}
            for f in findings:
                counts[f["rule"]] = counts.get(f["rule"], 0) + 1
            for rule_id in sorted(counts, key=lambda r: (-counts[r], r)):
                rule = rules.get(rule_id) or {}
                name = (rule.get("properties") or {}).get("kebabName") or rule.get("name") or ""
                summary.append("| %s | %s | %d |" % (md_link(rule_id, rule.get("helpUri")), md_text(str(name)), counts[rule_id]))
            summary.append("")
            summary.append("<details><summary>Findings</summary>")
            summary.append("")
            lines = [concise(f) for f in findings[:SHOWN]]
            if len(findings) > SHOWN:
                lines.append("... (first %d of %d shown; all are in the SARIF file)" % (SHOWN, len(findings)))
            summary.extend(code_block(lines))
            summary.append("")
            summary.append("</details>")
    summary.append("")

    with open(os.environ.get("GITHUB_STEP_SUMMARY") or os.devnull, "a", encoding="utf-8", errors="backslashreplace") as f:
        f.write("\n".join(summary) + "\n")
    outputs.update({"findings": len(findings), "errors": errors, "warnings": warnings, "notes": notes,
                    "complete": complete, "execution-successful": "true" if succeeded else "false"})
    with open(os.environ.get("GITHUB_OUTPUT") or os.devnull, "a", encoding="utf-8") as f:
        for k, v in outputs.items():
            f.write("%s=%s\n" % (k, visible(str(v))))
    if complete != "true":
        print("::error title=podlint::podlint did not finish (exit %s): %s" % (command_property(exit_code), command_data(problem)))


def main(argv):
    sys.stdout.reconfigure(errors="backslashreplace")
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "event-field" and len(argv) == 4:
        event_field(argv[2], argv[3])
    elif cmd == "custom-rules" and len(argv) == 2:
        print("%s\t%s" % custom_rules())
    elif cmd == "show-paths" and len(argv) == 3:
        show_paths(argv[2])
    elif cmd == "log" and len(argv) == 3:
        show_log(argv[2])
    elif cmd == "report" and len(argv) == 7:
        report(*argv[2:])
    else:
        raise SystemExit("usage: see the header of " + argv[0])


if __name__ == "__main__":
    main(sys.argv)
