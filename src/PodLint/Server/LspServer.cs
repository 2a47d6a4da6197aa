using System.Collections.Concurrent;
using System.Text.Json;
using PodLint.Cli.Commands;
using PodLint.Rules.Documents;
using PodLint.Rules.Engine;

namespace PodLint.Cli.Server;

/// <summary>How the server is run.</summary>
/// <param name="CustomRules">Compile and run the configurations' custom rules (<c>--custom-rules</c>).</param>
/// <param name="DebounceMilliseconds">How long typing must pause before pushed diagnostics are computed.</param>
public sealed record ServerOptions(bool CustomRules = false, int DebounceMilliseconds = 150);

/// <summary>
/// <c>podlint server</c>: a Language Server Protocol 3.17 server on a pair of streams. One thread reads messages and
/// queues them; one thread handles them in order, so documents and plans need no locks. Findings of open documents come
/// from their unsaved text: pulled (<c>textDocument/diagnostic</c>) by clients that pull, pushed
/// (<c>textDocument/publishDiagnostics</c>) after a pause in typing to the others. Code actions: each finding's fix
/// (unsafe ones marked), every fix of the file, and a <c># noqa</c> comment for one finding; hover shows
/// <c>podlint explain</c> for the findings under the cursor. Saving a configuration or deployment file (or a file
/// watcher's event) rebuilds the plans and re-lints the open documents. A request that fails is answered with an error;
/// nothing the client sends stops the server but <c>exit</c> or the end of the input.
/// </summary>
public sealed class LspServer
{
    private readonly JsonRpcConnection _rpc;
    private readonly ServerEngine _engine;
    private readonly Dictionary<string, OpenDocument> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _due = new(StringComparer.Ordinal);
    private readonly BlockingCollection<RpcMessage?> _queue = new(boundedCapacity: 4096);
    private PositionEncoding _encoding = PositionEncoding.Utf16;
    private bool _initialized, _shutdown, _clientPulls, _clientRefreshes, _clientWatches;
    private int _debounce;

    private sealed class OpenDocument(string uri, string? path, string languageId, int version, LspText text)
    {
        public string Uri { get; } = uri;
        public string? Path { get; } = path;
        public string LanguageId { get; } = languageId;
        public int Version { get; set; } = version;
        public LspText Text { get; set; } = text;
        public LintedDocument? Linted { get; set; }
        public bool HasTarget { get; set; } = true;
    }

    public LspServer(Stream input, Stream output, ServerOptions options)
    {
        _rpc = new JsonRpcConnection(input, output);
        _debounce = Math.Max(0, options.DebounceMilliseconds);
        _engine = new ServerEngine(options.CustomRules, message => LogMessage(message.Contains("custom rules not run", StringComparison.Ordinal) ? 2 : 3, message, show: message.Contains("custom rules not run", StringComparison.Ordinal) || message.Contains(": error: ", StringComparison.Ordinal)));
    }

    /// <summary>Serves until <c>exit</c> or the end of the input; returns 0 when <c>shutdown</c> came first, else 1 (as LSP asks).</summary>
    public int Run()
    {
        var reader = new Thread(() =>
        {
            try
            {
                while (_rpc.Read() is { } message) _queue.Add(message);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The input is gone: the same as its end.
            }
            _queue.Add(null);
        })
        { IsBackground = true, Name = "podlint-server-reader" };
        reader.Start();
        while (true)
        {
            int timeout = Timeout.Infinite;
            if (_due.Count > 0) timeout = (int)Math.Clamp(_due.Values.Min() - Environment.TickCount64, 0, int.MaxValue);
            try
            {
                if (_queue.TryTake(out var message, timeout))
                {
                    if (message is null) return _shutdown ? 0 : 1;
                    if (message is { Method: "exit" }) return _shutdown ? 0 : 1;
                    Handle(message);
                }
                PublishDue();
            }
            catch (IOException)
            {
                return 1; // the client closed our output: nobody is listening any more
            }
        }
    }

    private void Handle(RpcMessage message)
    {
        if (message.Error is { } error)
        {
            _rpc.RespondError(message.Id, error.Code, error.Message);
            return;
        }
        if (message.Method is null) return; // a response to a request of ours
        try
        {
            if (message.IsRequest) HandleRequest(message.Id!.Value, message.Method, message.Params);
            else HandleNotification(message.Method, message.Params);
        }
        catch (RpcException e)
        {
            if (message.IsRequest) _rpc.RespondError(message.Id, e.Code, e.Message);
            else LogMessage(1, $"{message.Method}: {e.Message}");
        }
        catch (Exception e) when (e is not OutOfMemoryException and not IOException)
        {
            if (message.IsRequest) _rpc.RespondError(message.Id, RpcErrorCodes.InternalError, $"internal error: {e.GetType().Name}: {e.Message}");
            else LogMessage(1, $"{message.Method}: internal error: {e.GetType().Name}: {e.Message}");
        }
    }

    private void HandleRequest(JsonElement id, string method, JsonElement p)
    {
        if (method == "initialize")
        {
            if (_initialized) throw new RpcException(RpcErrorCodes.InvalidRequest, "initialize was already received");
            Initialize(id, p);
            return;
        }
        if (!_initialized) throw new RpcException(RpcErrorCodes.ServerNotInitialized, "the server is not initialized yet");
        if (_shutdown) throw new RpcException(RpcErrorCodes.InvalidRequest, "the server is shutting down");
        switch (method)
        {
            case "shutdown":
                _shutdown = true;
                _rpc.Respond(id, w => w.WriteNullValue());
                return;
            case "textDocument/diagnostic":
                PullDiagnostics(id, p);
                return;
            case "textDocument/codeAction":
                CodeActions(id, p);
                return;
            case "textDocument/hover":
                Hover(id, p);
                return;
            default:
                throw new RpcException(RpcErrorCodes.MethodNotFound, $"method not found: {method}");
        }
    }

    private void HandleNotification(string method, JsonElement p)
    {
        if (!_initialized) return; // notifications before initialize are dropped (LSP)
        switch (method)
        {
            case "initialized":
                RegisterWatchers();
                return;
            case "textDocument/didOpen":
                Open(p);
                return;
            case "textDocument/didChange":
                Change(p);
                return;
            case "textDocument/didClose":
                Close(p);
                return;
            case "textDocument/didSave":
                Saved(p);
                return;
            case "workspace/didChangeWatchedFiles":
                Relint("watched files changed");
                return;
            case "workspace/didChangeWorkspaceFolders":
                FoldersChanged(p);
                return;
            default:
                return; // $/cancelRequest (requests are answered in order), $/setTrace, and others: nothing to do
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    private void Initialize(JsonElement id, JsonElement p)
    {
        if (p.ValueKind != JsonValueKind.Object) throw new RpcException(RpcErrorCodes.InvalidParams, "initialize: params must be an object");
        var capabilities = Get(p, "capabilities");
        if (Get(Get(capabilities, "general"), "positionEncodings") is { ValueKind: JsonValueKind.Array } encodings)
        {
            // The client lists what it takes, best first; the first the server knows wins (UTF-16 when none).
            foreach (var e in encodings.EnumerateArray())
            {
                PositionEncoding? known = e.ValueKind != JsonValueKind.String ? null : e.GetString() switch
                {
                    "utf-8" => PositionEncoding.Utf8,
                    "utf-16" => PositionEncoding.Utf16,
                    "utf-32" => PositionEncoding.Utf32,
                    _ => null,
                };
                if (known is { } k)
                {
                    _encoding = k;
                    break;
                }
            }
        }
        _clientPulls = Get(Get(capabilities, "textDocument"), "diagnostic").ValueKind == JsonValueKind.Object;
        _clientRefreshes = Get(Get(Get(capabilities, "workspace"), "diagnostics"), "refreshSupport").ValueKind == JsonValueKind.True;
        _clientWatches = Get(Get(Get(capabilities, "workspace"), "didChangeWatchedFiles"), "dynamicRegistration").ValueKind == JsonValueKind.True;
        if (Get(Get(p, "initializationOptions"), "debounceMs") is { ValueKind: JsonValueKind.Number } debounce && debounce.TryGetInt32(out int ms) && ms >= 0) _debounce = ms;

        if (Get(p, "workspaceFolders") is { ValueKind: JsonValueKind.Array } folders)
        {
            foreach (var f in folders.EnumerateArray())
            {
                if (PathOf(GetString(f, "uri")) is { } path) _engine.Folders.Add(path);
            }
        }
        else if (PathOf(GetString(p, "rootUri")) is { } rootUri) _engine.Folders.Add(rootUri);
        else if (GetString(p, "rootPath") is { Length: > 0 } rootPath) _engine.Folders.Add(Path.GetFullPath(rootPath));

        _initialized = true;
        string version = typeof(LspServer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        _rpc.Respond(id, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("capabilities");
            w.WriteString("positionEncoding", EncodingName(_encoding));
            w.WriteStartObject("textDocumentSync");
            w.WriteBoolean("openClose", true);
            w.WriteNumber("change", 2); // incremental
            w.WriteStartObject("save");
            w.WriteBoolean("includeText", false);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("diagnosticProvider");
            w.WriteString("identifier", "podlint");
            w.WriteBoolean("interFileDependencies", true);
            w.WriteBoolean("workspaceDiagnostics", false);
            w.WriteEndObject();
            w.WriteStartObject("codeActionProvider");
            w.WriteStartArray("codeActionKinds");
            w.WriteStringValue("quickfix");
            w.WriteStringValue("source.fixAll");
            w.WriteStringValue(FixAllKind);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteBoolean("hoverProvider", true);
            w.WriteStartObject("workspace");
            w.WriteStartObject("workspaceFolders");
            w.WriteBoolean("supported", true);
            w.WriteBoolean("changeNotifications", true);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("serverInfo");
            w.WriteString("name", "podlint");
            w.WriteString("version", version);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>The code action kind of "fix everything in this file".</summary>
    public const string FixAllKind = "source.fixAll.podlint";

    /// <summary>File names whose change (saved, or seen by a watcher) rebuilds the plans: configuration and deployment files.</summary>
    public static readonly string[] WatchedGlobs =
    [
        "**/podlint.toml", "**/pyproject.toml", "**/.gitignore", "**/values*.y*ml", "**/*-values.y*ml", "**/pod_template*.y*ml",
        "**/airflow.cfg", "**/airflow_local_settings.py", "**/requirements*.txt", "**/constraints*.txt", "**/Dockerfile*", "**/*.Dockerfile",
    ];

    private void RegisterWatchers()
    {
        if (!_clientWatches) return;
        _rpc.Request("client/registerCapability", w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("registrations");
            w.WriteStartObject();
            w.WriteString("id", "podlint-watched-files");
            w.WriteString("method", "workspace/didChangeWatchedFiles");
            w.WriteStartObject("registerOptions");
            w.WriteStartArray("watchers");
            foreach (var glob in WatchedGlobs)
            {
                w.WriteStartObject();
                w.WriteString("globPattern", glob);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static string EncodingName(PositionEncoding e) => e switch
    {
        PositionEncoding.Utf8 => "utf-8",
        PositionEncoding.Utf32 => "utf-32",
        _ => "utf-16",
    };

    // ---- documents ----------------------------------------------------------------------------------------

    private void Open(JsonElement p)
    {
        var item = Required(p, "textDocument");
        string uri = RequiredString(item, "uri");
        string text = RequiredString(item, "text");
        int version = Get(item, "version") is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out int n) ? n : 0;
        _documents[uri] = new OpenDocument(uri, PathOf(uri), GetString(item, "languageId") ?? "", version, new LspText(text));
        Schedule(uri, 0);
    }

    private void Change(JsonElement p)
    {
        var item = Required(p, "textDocument");
        string uri = RequiredString(item, "uri");
        if (!_documents.TryGetValue(uri, out var doc)) throw new RpcException(RpcErrorCodes.InvalidParams, $"didChange: {uri} is not open");
        var changes = Required(p, "contentChanges");
        if (changes.ValueKind != JsonValueKind.Array) throw new RpcException(RpcErrorCodes.InvalidParams, "didChange: contentChanges must be an array");
        var text = doc.Text;
        foreach (var change in changes.EnumerateArray())
        {
            string newText = RequiredString(change, "text");
            LspRange? range = Get(change, "range").ValueKind == JsonValueKind.Object ? RangeOf(Get(change, "range")) : null;
            text = new LspText(text.Apply(range, newText, _encoding));
        }
        doc.Text = text;
        if (Get(item, "version") is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out int n)) doc.Version = n;
        else doc.Version++;
        doc.Linted = null;
        Schedule(uri, _debounce);
    }

    private void Close(JsonElement p)
    {
        string uri = RequiredString(Required(p, "textDocument"), "uri");
        _documents.Remove(uri);
        _due.Remove(uri);
        if (!_clientPulls) Publish(uri, null, []);
    }

    private void Saved(JsonElement p)
    {
        string uri = RequiredString(Required(p, "textDocument"), "uri");
        string? path = PathOf(uri);
        if (path is null) return;
        string name = Path.GetFileName(path);
        bool config = name is "podlint.toml" or "pyproject.toml" or ".gitignore" || DeploymentFiles.Classify(path) is not null;
        // A file the plans did not know (new on disk) needs them rebuilt too.
        bool unknown = _documents.TryGetValue(uri, out var doc) && !doc.HasTarget;
        if (config || unknown) Relint($"{name} saved");
    }

    private void FoldersChanged(JsonElement p)
    {
        var e = Required(p, "event");
        foreach (var f in Items(Get(e, "removed")))
        {
            if (PathOf(GetString(f, "uri")) is { } path) _engine.Folders.Remove(path);
        }
        foreach (var f in Items(Get(e, "added")))
        {
            if (PathOf(GetString(f, "uri")) is { } path && !_engine.Folders.Contains(path)) _engine.Folders.Add(path);
        }
        Relint("workspace folders changed");
    }

    /// <summary>Configuration or deployment facts may have changed: plans are rebuilt, and every open document linted again.</summary>
    private void Relint(string why)
    {
        _engine.Invalidate();
        foreach (var doc in _documents.Values)
        {
            doc.Linted = null;
            doc.HasTarget = true;
        }
        LogMessage(4, $"re-linting the open documents: {why}");
        if (_clientPulls)
        {
            if (_clientRefreshes) _rpc.Request("workspace/diagnostic/refresh", w => w.WriteNullValue());
            return;
        }
        foreach (var uri in _documents.Keys) Schedule(uri, 0);
    }

    private void Schedule(string uri, int delay)
    {
        if (_clientPulls) return;
        _due[uri] = Environment.TickCount64 + delay;
    }

    private void PublishDue()
    {
        if (_due.Count == 0) return;
        long now = Environment.TickCount64;
        foreach (var uri in _due.Where(kv => kv.Value <= now).Select(kv => kv.Key).ToList())
        {
            _due.Remove(uri);
            if (!_documents.TryGetValue(uri, out var doc)) continue;
            var linted = LintOf(doc);
            Publish(uri, doc.Version, linted is null ? [] : linted.Result.Diagnostics, linted);
        }
    }

    /// <summary>The findings of the document's current text (linted once per version); null when no check applies to it.</summary>
    private LintedDocument? LintOf(OpenDocument doc)
    {
        if (doc.Linted is { } cached && cached.Version == doc.Version && ReferenceEquals(cached.Text, doc.Text)) return cached;
        if (doc.Path is null) return null;
        if (_engine.TargetFor(doc.Path) is not var (target, plan))
        {
            doc.HasTarget = false;
            return null;
        }
        return doc.Linted = ServerEngine.Lint(doc.Version, doc.Text, target, plan);
    }

    private OpenDocument DocumentOf(JsonElement p)
    {
        string uri = RequiredString(Required(p, "textDocument"), "uri");
        return _documents.TryGetValue(uri, out var doc) ? doc : throw new RpcException(RpcErrorCodes.InvalidParams, $"{uri} is not open");
    }

    // ---- diagnostics -----------------------------------------------------------------------------------------

    private void Publish(string uri, int? version, IReadOnlyList<Diagnostic> diagnostics, LintedDocument? doc = null) =>
        _rpc.Notify("textDocument/publishDiagnostics", w =>
        {
            w.WriteStartObject();
            w.WriteString("uri", uri);
            if (version is { } v) w.WriteNumber("version", v);
            w.WritePropertyName("diagnostics");
            WriteDiagnostics(w, diagnostics, doc);
            w.WriteEndObject();
        });

    private void PullDiagnostics(JsonElement id, JsonElement p)
    {
        var doc = DocumentOf(p);
        var linted = LintOf(doc);
        string resultId = $"{doc.Version}:{linted?.Plan.GetHashCode() ?? 0}";
        bool unchanged = GetString(p, "previousResultId") == resultId;
        _rpc.Respond(id, w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", unchanged ? "unchanged" : "full");
            w.WriteString("resultId", resultId);
            if (!unchanged)
            {
                w.WritePropertyName("items");
                WriteDiagnostics(w, linted?.Result.Diagnostics ?? [], linted);
            }
            w.WriteEndObject();
        });
    }

    private void WriteDiagnostics(Utf8JsonWriter w, IReadOnlyList<Diagnostic> diagnostics, LintedDocument? doc)
    {
        w.WriteStartArray();
        foreach (var d in diagnostics)
        {
            var (start, end) = doc!.Span(d);
            w.WriteStartObject();
            WriteRange(w, "range", doc.Text.RangeOf(start, end, _encoding));
            w.WriteNumber("severity", d.Severity switch { Severity.Error => 1, Severity.Warning => 2, _ => 3 });
            w.WriteString("code", d.Code);
            w.WriteString("source", "podlint");
            w.WriteString("message", d.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteRange(Utf8JsonWriter w, string name, LspRange r)
    {
        w.WriteStartObject(name);
        WritePosition(w, "start", r.Start);
        WritePosition(w, "end", r.End);
        w.WriteEndObject();
    }

    private static void WritePosition(Utf8JsonWriter w, string name, LspPosition p)
    {
        w.WriteStartObject(name);
        w.WriteNumber("line", p.Line);
        w.WriteNumber("character", p.Character);
        w.WriteEndObject();
    }

    // ---- code actions and hover ---------------------------------------------------------------------------------

    private sealed record Action(string Title, string Kind, IReadOnlyList<(int Start, int End, string NewText)> Edits, Diagnostic? For, bool Preferred);

    private void CodeActions(JsonElement id, JsonElement p)
    {
        var doc = DocumentOf(p);
        var range = RangeOf(Required(p, "range"));
        var only = Get(Get(p, "context"), "only") is { ValueKind: JsonValueKind.Array } o
            ? o.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
            : null;
        bool Wanted(string kind) => only is null || only.Any(k => kind == k || kind.StartsWith(k + ".", StringComparison.Ordinal));
        var actions = new List<Action>();
        var linted = LintOf(doc);
        if (linted is not null)
        {
            var text = linted.Text;
            int from = text.OffsetOf(range.Start, _encoding), to = Math.Max(from, text.OffsetOf(range.End, _encoding));
            var here = linted.Result.Diagnostics.Where(d =>
            {
                var (s, e) = linted.Span(d);
                return s <= to && from <= e;
            }).ToList();
            if (Wanted("quickfix"))
            {
                foreach (var d in here)
                {
                    if (d.Fix is { Applicability: not FixApplicability.DisplayOnly } fix && fix.Edits.Count > 0 && FixEdits(linted, fix) is { } edits)
                    {
                        string unsafeNote = fix.Applicability == FixApplicability.Unsafe ? " (unsafe: review the change)" : "";
                        actions.Add(new Action($"{d.Code}: {fix.Title}{unsafeNote}", "quickfix", edits, d, fix.Applicability == FixApplicability.Safe));
                    }
                }
                foreach (var d in here.Where(d => d.Code is not (EngineCodes.SyntaxError or EngineCodes.RuleCrash or EngineCodes.CustomRuleError)).Take(20))
                {
                    if (NoqaEdit(linted, d) is { } noqa) actions.Add(new Action($"{d.Code}: add '# noqa: {d.Code}' to this line", "quickfix", [noqa], d, false));
                }
            }
            string kind = only is not null && only.Contains("source.fixAll") && !only.Contains(FixAllKind) ? "source.fixAll" : FixAllKind;
            if (Wanted(kind) && (only is not null || here.Count > 0) && ServerEngine.FixAll(linted, applyUnsafe: false) is { } fixedText)
            {
                actions.Add(new Action("PodLint: fix all safe fixes in this file", kind, [WholeEdit(text.Text, fixedText)], null, false));
                if (ServerEngine.FixAll(linted, applyUnsafe: true) is { } withUnsafe && withUnsafe != fixedText)
                    actions.Add(new Action("PodLint: fix all in this file, unsafe fixes included (review the changes)", kind, [WholeEdit(text.Text, withUnsafe)], null, false));
            }
        }
        _rpc.Respond(id, w =>
        {
            w.WriteStartArray();
            foreach (var a in actions)
            {
                w.WriteStartObject();
                w.WriteString("title", a.Title);
                w.WriteString("kind", a.Kind);
                if (a.Preferred) w.WriteBoolean("isPreferred", true);
                if (a.For is { } d)
                {
                    w.WritePropertyName("diagnostics");
                    WriteDiagnostics(w, [d], linted);
                }
                w.WriteStartObject("edit");
                w.WriteStartObject("changes");
                w.WriteStartArray(doc.Uri);
                foreach (var (s, e, newText) in a.Edits)
                {
                    w.WriteStartObject();
                    WriteRange(w, "range", linted!.Text.RangeOf(s, e, _encoding));
                    w.WriteString("newText", newText);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    /// <summary>A fix's edits in document offsets, line breaks in replacements following the file's (as the fix loop does).</summary>
    private static List<(int, int, string)>? FixEdits(LintedDocument doc, Fix fix)
    {
        if (doc.Result.Source is not { } source) return null;
        string lineBreak = source.LineBreak;
        var edits = new List<(int, int, string)>();
        foreach (var e in fix.Edits.OrderBy(e => e.Start))
        {
            if (e.Start < 0 || e.End > source.Text.Length || e.Start > e.End) return null;
            edits.Add((doc.DocumentOffset(e.Start), doc.DocumentOffset(e.End), lineBreak == "\n" ? e.Replacement : e.Replacement.ReplaceLineEndings(lineBreak)));
        }
        for (int i = 1; i < edits.Count; i++)
        {
            if (edits[i].Item1 < edits[i - 1].Item2) return null; // overlapping: not one edit the client can apply
        }
        return edits;
    }

    /// <summary>The smallest single edit turning <paramref name="before"/> into <paramref name="after"/>.</summary>
    private static (int, int, string) WholeEdit(string before, string after)
    {
        int prefix = 0, max = Math.Min(before.Length, after.Length);
        while (prefix < max && before[prefix] == after[prefix]) prefix++;
        if (prefix > 0 && char.IsHighSurrogate(before[prefix - 1])) prefix--;
        // Never split a CR LF pair: a position between them does not exist in LSP.
        if (prefix > 0 && before[prefix - 1] == '\r' && prefix < before.Length && before[prefix] == '\n') prefix--;
        int suffix = 0;
        while (suffix < max - prefix && before[^(suffix + 1)] == after[^(suffix + 1)]) suffix++;
        if (suffix > 0 && char.IsLowSurrogate(before[^suffix])) suffix--;
        if (suffix > 0 && before[^suffix] == '\n' && before.Length - suffix - 1 >= 0 && before[^(suffix + 1)] == '\r') suffix--;
        return (prefix, before.Length - suffix, after[prefix..(after.Length - suffix)]);
    }

    /// <summary>
    /// A <c># noqa: CODE</c> on the finding's first line (the code added to a noqa comment already there), offered only
    /// when the text it gives really hides the finding (not, say, a line that ends inside a string).
    /// </summary>
    private static (int, int, string)? NoqaEdit(LintedDocument doc, Diagnostic d)
    {
        var text = doc.Text;
        var (start, _) = doc.Span(d);
        int line = text.LineOf(start);
        int lineStart = text.LineStart(line), lineEnd = text.LineContentEnd(line);
        string content = text.Text[lineStart..lineEnd];
        var existing = System.Text.RegularExpressions.Regex.Match(content, @"#\s*noqa:\s?[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        (int, int, string) edit = existing.Success
            ? (lineStart + existing.Index + existing.Length, lineStart + existing.Index + existing.Length, $", {d.Code}")
            : (lineEnd, lineEnd, (content.Length > 0 && !char.IsWhiteSpace(content[^1]) ? "  " : "") + $"# noqa: {d.Code}");
        string edited = string.Concat(text.Text.AsSpan(0, edit.Item1), edit.Item3, text.Text.AsSpan(edit.Item2));
        var after = ServerEngine.Lint(doc.Version, new LspText(edited), doc.Target, doc.Plan);
        bool hidden = !after.Result.Diagnostics.Any(x => x.Code == d.Code && after.Text.LineOf(after.Span(x).Start) == line);
        bool noNewErrors = after.Result.Diagnostics.Count(x => x.Code == EngineCodes.SyntaxError) <= doc.Result.Diagnostics.Count(x => x.Code == EngineCodes.SyntaxError);
        return hidden && noNewErrors ? edit : null;
    }

    private void Hover(JsonElement id, JsonElement p)
    {
        var doc = DocumentOf(p);
        var position = PositionOf(Required(p, "position"));
        string? markdown = null;
        LspRange? range = null;
        if (LintOf(doc) is { } linted)
        {
            int at = linted.Text.OffsetOf(position, _encoding);
            var under = linted.Result.Diagnostics.Where(d =>
            {
                var (s, e) = linted.Span(d);
                return s <= at && at <= e;
            }).ToList();
            var parts = under.Select(d => d.Code).Distinct(StringComparer.Ordinal)
                .Select(code => ServerEngine.RuleFor(linted, code) is { } rule ? RulesCommand.Explain(rule) : null)
                .OfType<string>().ToList();
            if (parts.Count > 0)
            {
                markdown = string.Join("\n---\n\n", parts);
                var (s0, e0) = linted.Span(under[0]);
                range = linted.Text.RangeOf(s0, e0, _encoding);
            }
        }
        _rpc.Respond(id, w =>
        {
            if (markdown is null)
            {
                w.WriteNullValue();
                return;
            }
            w.WriteStartObject();
            w.WriteStartObject("contents");
            w.WriteString("kind", "markdown");
            w.WriteString("value", markdown);
            w.WriteEndObject();
            if (range is { } r) WriteRange(w, "range", r);
            w.WriteEndObject();
        });
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private void LogMessage(int type, string message, bool show = false)
    {
        _rpc.Notify(show ? "window/showMessage" : "window/logMessage", w =>
        {
            w.WriteStartObject();
            w.WriteNumber("type", type);
            w.WriteString("message", message);
            w.WriteEndObject();
        });
    }

    private static JsonElement Get(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    private static IEnumerable<JsonElement> Items(JsonElement e) => e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : [];

    private static string? GetString(JsonElement e, string name) => Get(e, name) is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    private static JsonElement Required(JsonElement e, string name) =>
        Get(e, name) is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } v ? v : throw new RpcException(RpcErrorCodes.InvalidParams, $"invalid params: '{name}' is missing");

    private static string RequiredString(JsonElement e, string name) =>
        GetString(e, name) ?? throw new RpcException(RpcErrorCodes.InvalidParams, $"invalid params: '{name}' must be a string");

    private static LspPosition PositionOf(JsonElement e)
    {
        if (Get(e, "line") is not { ValueKind: JsonValueKind.Number } line || !line.TryGetInt32(out int l) || l < 0
            || Get(e, "character") is not { ValueKind: JsonValueKind.Number } character || !character.TryGetInt32(out int c) || c < 0)
            throw new RpcException(RpcErrorCodes.InvalidParams, "invalid params: a position needs a non-negative 'line' and 'character'");
        return new LspPosition(l, c);
    }

    private static LspRange RangeOf(JsonElement e) => new(PositionOf(Required(e, "start")), PositionOf(Required(e, "end")));

    /// <summary>The local path of a <c>file:</c> URI (percent-escapes decoded), or null for other schemes.</summary>
    public static string? PathOf(string? uri)
    {
        if (uri is null || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile) return null;
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(parsed.LocalPath));
    }

    /// <summary>Runs the server on standard input and output (<c>podlint server</c>).</summary>
    public static int RunOnStdio(Stream stdout, ServerOptions options)
    {
        // Not disposed: the reader thread may be blocked on it when exit arrives; the process ends right after.
        var stdin = Console.OpenStandardInput();
        return new LspServer(stdin, stdout, options).Run();
    }
}
