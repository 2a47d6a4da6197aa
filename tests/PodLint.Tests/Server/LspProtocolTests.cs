using System.Text;
using System.Text.Json;
using PodLint.Cli;
using PodLint.Cli.Commands;
using PodLint.Cli.Server;
using PodLint.Rules;

namespace PodLint.Tests.Server;

/// <summary>
/// <c>podlint server</c> driven by a scripted client over pipes: the lifecycle, diagnostics pushed and pulled from unsaved
/// text with exact ranges (non-ASCII text, CRLF, UTF-16 and UTF-8 positions), code actions whose result equals
/// <c>podlint check --fix</c> byte for byte, hover, re-linting after configuration and deployment changes, and malformed
/// input answered with errors.
/// </summary>
public sealed class LspProtocolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("podlint-server").FullName;

    /// <summary>Line 1 holds non-ASCII text (é: 1 UTF-16 unit, 2 UTF-8 bytes; 😀: 2 units, 4 bytes) before the finding.</summary>
    private const string Dag =
        "# -*- coding: utf-8 -*-\r\n"
        + "x = \"é😀\"; from airflow.operators.dummy_operator import DummyOperator\r\n"
        + "\r\n"
        + "t = DummyOperator(task_id=\"ü\")\r\n";

    public LspProtocolTests()
    {
        Write("podlint.toml", "target-airflow = \"2.6.3\"\ntarget-cncf-kubernetes = \"7.0.0\"\ntarget-google = \"10.0.0\"\ntarget-amazon = \"8.0.0\"\ntarget-docker = \"3.0.0\"\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string text)
    {
        string path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
        return path;
    }

    private string UriOf(string relative) => LspTestClient.Uri(Path.Combine(_dir, relative));

    /// <summary>The messages <c>podlint check</c> gives for <paramref name="relative"/> (so rule wording may change freely).</summary>
    private List<(string Code, string Message)> CheckMessages(string relative)
    {
        var stdout = new MemoryStream();
        Program.Run(["check", relative, "--output-format", "json", "--exit-zero"], stdout, new StringWriter(), new StringWriter(), _dir);
        using var doc = JsonDocument.Parse(stdout.ToArray());
        return [.. doc.RootElement.EnumerateArray().Select(f => (f.GetProperty("code").GetString()!, f.GetProperty("message").GetString()!))];
    }

    /// <summary>What <c>podlint check --fix</c> writes for <paramref name="text"/> (in a copy of the project).</summary>
    private byte[] CheckFix(string relative, string text, bool unsafeFixes = false)
    {
        string copy = Directory.CreateTempSubdirectory("podlint-server-fix").FullName;
        try
        {
            File.Copy(Path.Combine(_dir, "podlint.toml"), Path.Combine(copy, "podlint.toml"));
            string path = Path.Combine(copy, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
            string[] args = unsafeFixes ? ["check", "--fix", "--unsafe-fixes", "--exit-zero", relative] : ["check", "--fix", "--exit-zero", relative];
            Program.Run(args, new MemoryStream(), new StringWriter(), new StringWriter(), copy);
            return File.ReadAllBytes(path);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static string Ranges(JsonElement diagnostics) =>
        string.Join("; ", diagnostics.EnumerateArray().Select(d => $"{LspTestClient.RangeText(d.GetProperty("range"))} {d.GetProperty("code").GetString()}"));

    [Fact]
    public void InitializeNegotiatesThePositionEncoding()
    {
        using (var client = new LspTestClient())
        {
            var caps = client.Initialize(_dir).GetProperty("capabilities");
            Assert.Equal("utf-16", caps.GetProperty("positionEncoding").GetString());
            Assert.Equal(2, caps.GetProperty("textDocumentSync").GetProperty("change").GetInt32());
            Assert.Equal("podlint", caps.GetProperty("diagnosticProvider").GetProperty("identifier").GetString());
            Assert.True(caps.GetProperty("hoverProvider").GetBoolean());
            Assert.Equal(["quickfix", "source.fixAll", "source.fixAll.podlint"],
                caps.GetProperty("codeActionProvider").GetProperty("codeActionKinds").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(0, client.ShutdownAndExit());
        }
        using (var client = new LspTestClient())
        {
            var caps = client.Initialize(_dir, new { general = new { positionEncodings = new[] { "utf-8", "utf-16" } } }).GetProperty("capabilities");
            Assert.Equal("utf-8", caps.GetProperty("positionEncoding").GetString());
        }
        using (var client = new LspTestClient())
        {
            var caps = client.Initialize(_dir, new { general = new { positionEncodings = new[] { "utf-7", "utf-32" } } }).GetProperty("capabilities");
            Assert.Equal("utf-32", caps.GetProperty("positionEncoding").GetString());
        }
    }

    [Fact]
    public void DidOpenPushesExactRangesForNonAsciiCrlfText()
    {
        Write("dags/a.py", Dag);
        using var client = new LspTestClient();
        client.Initialize(_dir);
        string uri = UriOf("dags/a.py");
        client.Open(uri, Dag);
        var published = client.Notification("textDocument/publishDiagnostics", uri);
        Assert.Equal(1, published.GetProperty("version").GetInt32());
        var diagnostics = published.GetProperty("diagnostics");
        // "x = \"é😀\"; from " is 16 UTF-16 units; the module name is 32 characters.
        Assert.Equal("1:16-1:48 POD204", Ranges(diagnostics));
        var d = diagnostics[0];
        Assert.Equal(CheckMessages("dags/a.py").Single().Message, d.GetProperty("message").GetString());
        Assert.Equal("podlint", d.GetProperty("source").GetString());
        Assert.Equal(1, d.GetProperty("severity").GetInt32());
    }

    [Fact]
    public void Utf8PositionsCountBytes()
    {
        using var client = new LspTestClient();
        client.Initialize(_dir, new { general = new { positionEncodings = new[] { "utf-8" } } });
        string uri = UriOf("dags/a.py");
        Write("dags/a.py", Dag);
        client.Open(uri, Dag);
        // é is 2 bytes and 😀 4: the finding starts at byte 19.
        Assert.Equal("1:19-1:51 POD204", Ranges(client.Notification("textDocument/publishDiagnostics", uri).GetProperty("diagnostics")));
        // An incremental change in UTF-8 units: replace 😀 (bytes 7..11 of line 1) with "ab".
        client.Notify("textDocument/didChange", new
        {
            textDocument = new { uri, version = 2 },
            contentChanges = new[] { new { range = new { start = new { line = 1, character = 7 }, end = new { line = 1, character = 11 } }, text = "ab" } },
        });
        var after = client.Notification("textDocument/publishDiagnostics", uri);
        Assert.Equal(2, after.GetProperty("version").GetInt32());
        Assert.Equal("1:17-1:49 POD204", Ranges(after.GetProperty("diagnostics")));
    }

    [Fact]
    public void DidChangeRelintsTheUnsavedText()
    {
        Write("dags/a.py", Dag);
        using var client = new LspTestClient();
        client.Initialize(_dir);
        string uri = UriOf("dags/a.py");
        client.Open(uri, Dag);
        client.Notification("textDocument/publishDiagnostics", uri);
        // Insert "yy = 1; " at the start of line 1 (UTF-16 positions), and a CRLF line before everything.
        client.Notify("textDocument/didChange", new
        {
            textDocument = new { uri, version = 2 },
            contentChanges = new object[]
            {
                new { range = new { start = new { line = 1, character = 0 }, end = new { line = 1, character = 0 } }, text = "yy = 1; " },
                new { range = new { start = new { line = 0, character = 0 }, end = new { line = 0, character = 0 } }, text = "\r\n" },
            },
        });
        var published = client.Notification("textDocument/publishDiagnostics", uri);
        Assert.Equal(2, published.GetProperty("version").GetInt32());
        Assert.Equal("2:24-2:56 POD204", Ranges(published.GetProperty("diagnostics")));
        // The file on disk was not touched.
        Assert.Equal(Dag, File.ReadAllText(Path.Combine(_dir, "dags/a.py")));
        // A full-text change that removes the import: no findings.
        client.Notify("textDocument/didChange", new { textDocument = new { uri, version = 3 }, contentChanges = new[] { new { text = "x = 1\r\n" } } });
        var clean = client.Notification("textDocument/publishDiagnostics", uri);
        Assert.Equal(3, clean.GetProperty("version").GetInt32());
        Assert.Equal(0, clean.GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public void PullDiagnosticsForClientsThatPull()
    {
        Write("dags/a.py", Dag);
        using var client = new LspTestClient();
        client.Initialize(_dir, new { textDocument = new { diagnostic = new { dynamicRegistration = false } } });
        string uri = UriOf("dags/a.py");
        client.Open(uri, Dag);
        var report = client.Result("textDocument/diagnostic", new { textDocument = new { uri } });
        Assert.Equal("full", report.GetProperty("kind").GetString());
        Assert.Equal("1:16-1:48 POD204", Ranges(report.GetProperty("items")));
        string resultId = report.GetProperty("resultId").GetString()!;
        var again = client.Result("textDocument/diagnostic", new { textDocument = new { uri }, previousResultId = resultId });
        Assert.Equal("unchanged", again.GetProperty("kind").GetString());
        Assert.Equal(resultId, again.GetProperty("resultId").GetString());
        // A client that pulls is not pushed to as well (it would show every finding twice).
        Assert.DoesNotContain(client.Unclaimed(), m => m.TryGetProperty("method", out var mm) && mm.GetString() == "textDocument/publishDiagnostics");
    }

    [Fact]
    public void FixAllCodeActionEqualsCheckFixByteForByte()
    {
        Write("dags/a.py", "x = 1\n");
        using var client = new LspTestClient();
        client.Initialize(_dir);
        string uri = UriOf("dags/a.py");
        // The unsaved text is fixed, not the file on disk.
        client.Open(uri, Dag);
        client.Notification("textDocument/publishDiagnostics", uri);
        var actions = client.Result("textDocument/codeAction", new
        {
            textDocument = new { uri },
            range = new { start = new { line = 0, character = 0 }, end = new { line = 0, character = 0 } },
            context = new { diagnostics = Array.Empty<object>(), only = new[] { "source.fixAll" } },
        });
        var fixAll = Assert.Single(actions.EnumerateArray());
        Assert.Equal("source.fixAll", fixAll.GetProperty("kind").GetString());
        string fixedText = LspTestClient.ApplyEdits(Dag, fixAll.GetProperty("edit").GetProperty("changes").GetProperty(uri));
        Assert.Equal(CheckFix("dags/a.py", Dag), Encoding.UTF8.GetBytes(fixedText));
        Assert.NotEqual(Dag, fixedText);
    }

    [Fact]
    public void QuickFixNoqaAndFixAllForOneFinding()
    {
        Write("dags/a.py", Dag);
        using var client = new LspTestClient();
        client.Initialize(_dir);
        string uri = UriOf("dags/a.py");
        client.Open(uri, Dag);
        client.Notification("textDocument/publishDiagnostics", uri);
        var actions = client.Result("textDocument/codeAction", new
        {
            textDocument = new { uri },
            range = new { start = new { line = 1, character = 20 }, end = new { line = 1, character = 20 } },
            context = new { diagnostics = Array.Empty<object>() },
        }).EnumerateArray().ToList();
        Assert.Equal(["quickfix", "quickfix", "source.fixAll.podlint"], actions.Select(a => a.GetProperty("kind").GetString()));
        var quick = actions[0];
        Assert.StartsWith("POD204: ", quick.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.True(quick.GetProperty("isPreferred").GetBoolean());
        Assert.Equal("1:16-1:48 POD204", Ranges(quick.GetProperty("diagnostics")));
        // One finding: its fix is the whole of --fix.
        string quickFixed = LspTestClient.ApplyEdits(Dag, quick.GetProperty("edit").GetProperty("changes").GetProperty(uri));
        Assert.Equal(CheckFix("dags/a.py", Dag), Encoding.UTF8.GetBytes(quickFixed));
        string allFixed = LspTestClient.ApplyEdits(Dag, actions[2].GetProperty("edit").GetProperty("changes").GetProperty(uri));
        Assert.Equal(quickFixed, allFixed);

        var noqa = actions[1];
        Assert.Equal("POD204: add '# noqa: POD204' to this line", noqa.GetProperty("title").GetString());
        string suppressed = LspTestClient.ApplyEdits(Dag, noqa.GetProperty("edit").GetProperty("changes").GetProperty(uri));
        Assert.Equal(Dag.Replace("DummyOperator\r\n\r\n", "DummyOperator  # noqa: POD204\r\n\r\n", StringComparison.Ordinal), suppressed);
        client.Notify("textDocument/didChange", new { textDocument = new { uri, version = 2 }, contentChanges = new[] { new { text = suppressed } } });
        Assert.Equal(0, client.Notification("textDocument/publishDiagnostics", uri).GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public void NoqaIsAddedToAnExistingNoqaComment()
    {
        string text = "from airflow.operators.dummy_operator import DummyOperator  # noqa: F401\n";
        Write("dags/b.py", text);
        using var client = new LspTestClient();
        client.Initialize(_dir);
        string uri = UriOf("dags/b.py");
        client.Open(uri, text);
        client.Notification("textDocument/publishDiagnostics", uri);
        var noqa = client.Result("textDocument/codeAction", new
        {
            textDocument = new { uri },
            range = new { start = new { line = 0, character = 6 }, end = new { line = 0, character = 6 } },
            context = new { diagnostics = Array.Empty<object>(), only = new[] { "quickfix" } },
        }).EnumerateArray().Single(a => a.GetProperty("title").GetString()!.Contains("noqa", StringComparison.Ordinal));
        Assert.Equal("from airflow.operators.dummy_operator import DummyOperator  # noqa: F401, POD204\n",
            LspTestClient.ApplyEdits(text, noqa.GetProperty("edit").GetProperty("changes").GetProperty(uri)));
    }

    [Fact]
    public void HoverShowsExplainForTheRuleUnderTheCursor()
    {
        Write("dags/a.py", Dag);
        using var client = new LspTestClient();
        client.Initialize(_dir);
        string uri = UriOf("dags/a.py");
        client.Open(uri, Dag);
        var hover = client.Result("textDocument/hover", new { textDocument = new { uri }, position = new { line = 1, character = 30 } });
        Assert.Equal("markdown", hover.GetProperty("contents").GetProperty("kind").GetString());
        Assert.Equal(RulesCommand.Explain(BuiltinRules.Find("POD204")!), hover.GetProperty("contents").GetProperty("value").GetString());
        Assert.Equal("1:16-1:48", LspTestClient.RangeText(hover.GetProperty("range")));
        var nothing = client.Result("textDocument/hover", new { textDocument = new { uri }, position = new { line = 3, character = 2 } });
        Assert.Equal(JsonValueKind.Null, nothing.ValueKind);
    }

    [Fact]
    public void ADocumentThatDoesNotParseGetsPod001AndTheServerGoesOn()
    {
        string broken = "x = \"é\"\r\ndef f(:\r\n";
        Write("dags/c.py", broken);
        using var client = new LspTestClient();
        client.Initialize(_dir);
        string uri = UriOf("dags/c.py");
        client.Open(uri, broken);
        var diagnostics = client.Notification("textDocument/publishDiagnostics", uri).GetProperty("diagnostics");
        var expected = CheckMessages("dags/c.py").Single();
        Assert.Equal("POD001", expected.Code);
        Assert.Equal("1:6-1:6 POD001", Ranges(diagnostics));
        Assert.Equal(expected.Message, diagnostics[0].GetProperty("message").GetString());
        client.Notify("textDocument/didChange", new { textDocument = new { uri, version = 2 }, contentChanges = new[] { new { text = "def f():\r\n    pass\r\n" } } });
        Assert.Equal(0, client.Notification("textDocument/publishDiagnostics", uri).GetProperty("diagnostics").GetArrayLength());
        Assert.Equal(0, client.ShutdownAndExit());
    }

    [Fact]
    public void DeploymentFilesGetFindings()
    {
        string cfg = "[core]\r\nexecutor = KubernetesExecutor\r\n\r\n; the executor's settings\r\n[kubernetes]  \r\nnamespace = airflow\r\n";
        Write("airflow.cfg", cfg);
        Write("dags/a.py", "x = 1\n");
        using var client = new LspTestClient();
        client.Initialize(_dir);
        string uri = UriOf("airflow.cfg");
        client.Open(uri, cfg, "ini");
        var diagnostics = client.Notification("textDocument/publishDiagnostics", uri).GetProperty("diagnostics");
        Assert.Equal("4:1-4:11 POD601", Ranges(diagnostics));
        Assert.Equal(CheckMessages("airflow.cfg").Single().Message, diagnostics[0].GetProperty("message").GetString());
        var fixAll = client.Result("textDocument/codeAction", new
        {
            textDocument = new { uri },
            range = new { start = new { line = 4, character = 3 }, end = new { line = 4, character = 3 } },
            context = new { diagnostics = Array.Empty<object>(), only = new[] { "source.fixAll.podlint" } },
        }).EnumerateArray().Single();
        Assert.Equal(CheckFix("airflow.cfg", cfg), Encoding.UTF8.GetBytes(LspTestClient.ApplyEdits(cfg, fixAll.GetProperty("edit").GetProperty("changes").GetProperty(uri))));
    }

    [Fact]
    public void SavingADeploymentPinRelintsTheOpenDags()
    {
        // No target-airflow: the pin in requirements.txt decides the Airflow version.
        Write("podlint.toml", "target-cncf-kubernetes = \"7.0.0\"\n");
        Write("requirements.txt", "apache-airflow==2.6.3\n");
        string dag = "from airflow.operators.dummy_operator import DummyOperator\n";
        Write("dags/a.py", dag);
        using var client = new LspTestClient();
        client.Initialize(_dir);
        string uri = UriOf("dags/a.py");
        client.Open(uri, dag);
        Assert.Equal("0:5-0:37 POD204", Ranges(client.Notification("textDocument/publishDiagnostics", uri).GetProperty("diagnostics")));
        // Airflow 1.10: dummy_operator is where DummyOperator lives, nothing to say.
        Write("requirements.txt", "apache-airflow==1.10.15\n");
        client.Notify("textDocument/didSave", new { textDocument = new { uri = UriOf("requirements.txt") } });
        Assert.Equal(0, client.Notification("textDocument/publishDiagnostics", uri).GetProperty("diagnostics").GetArrayLength());
        // A watched configuration change: POD204 ignored.
        Write("requirements.txt", "apache-airflow==2.6.3\n");
        Write("podlint.toml", "target-cncf-kubernetes = \"7.0.0\"\nignore = [\"POD204\"]\n");
        client.Notify("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = UriOf("podlint.toml"), type = 2 } } });
        Assert.Equal(0, client.Notification("textDocument/publishDiagnostics", uri).GetProperty("diagnostics").GetArrayLength());
        Write("podlint.toml", "target-cncf-kubernetes = \"7.0.0\"\n");
        client.Notify("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = UriOf("podlint.toml"), type = 2 } } });
        Assert.Equal("0:5-0:37 POD204", Ranges(client.Notification("textDocument/publishDiagnostics", uri).GetProperty("diagnostics")));
    }

    [Fact]
    public void ExcludedAndUnsavedFilesGetNoFindings()
    {
        Write("podlint.toml", "target-airflow = \"2.6.3\"\nextend-exclude = [\"dags/skip.py\"]\n");
        string dag = "from airflow.operators.dummy_operator import DummyOperator\n";
        Write("dags/skip.py", dag);
        Write("dags/kept.py", dag);
        using var client = new LspTestClient();
        client.Initialize(_dir);
        foreach (var (name, expected) in new[] { ("dags/skip.py", ""), ("dags/new.py", ""), ("dags/kept.py", "0:5-0:37 POD204") })
        {
            string uri = UriOf(name);
            client.Open(uri, dag);
            Assert.Equal(expected, Ranges(client.Notification("textDocument/publishDiagnostics", uri).GetProperty("diagnostics")));
        }
        // Saved for the first time: now it is checked.
        Write("dags/new.py", dag);
        client.Notify("textDocument/didSave", new { textDocument = new { uri = UriOf("dags/new.py") } });
        Assert.Equal("0:5-0:37 POD204", Ranges(client.Notification("textDocument/publishDiagnostics", UriOf("dags/new.py")).GetProperty("diagnostics")));
    }

    [Fact]
    public void WatchersAreRegisteredWhenTheClientAllows()
    {
        using var client = new LspTestClient();
        client.Initialize(_dir, new { workspace = new { didChangeWatchedFiles = new { dynamicRegistration = true } } });
        var request = client.Next(m => m.TryGetProperty("method", out var mm) && mm.GetString() == "client/registerCapability");
        var registration = request.GetProperty("params").GetProperty("registrations")[0];
        Assert.Equal("workspace/didChangeWatchedFiles", registration.GetProperty("method").GetString());
        Assert.Equal(LspServer.WatchedGlobs, registration.GetProperty("registerOptions").GetProperty("watchers").EnumerateArray().Select(w => w.GetProperty("globPattern").GetString()));
    }

    [Fact]
    public void MalformedMessagesAreAnsweredWithErrors()
    {
        using var client = new LspTestClient();
        // Before initialize.
        Assert.Equal(-32002, client.Request("textDocument/hover", new { }).GetProperty("error").GetProperty("code").GetInt32());
        client.Initialize(_dir);

        JsonElement NextError() => client.Next(m => m.TryGetProperty("error", out _));
        client.SendRaw(LspTestClient.Frame("{not json"));
        var parse = NextError();
        Assert.Equal(-32700, parse.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Null, parse.GetProperty("id").ValueKind);

        client.SendRaw(LspTestClient.Frame("[1, 2]"));
        Assert.Equal(-32600, NextError().GetProperty("error").GetProperty("code").GetInt32());
        client.SendRaw(LspTestClient.Frame("{\"id\": 70, \"method\": \"shutdown\"}"));
        var noVersion = NextError();
        Assert.Equal(-32600, noVersion.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(70, noVersion.GetProperty("id").GetInt32());
        client.SendRaw(LspTestClient.Frame("{\"jsonrpc\": \"2.0\", \"id\": 71, \"method\": 5}"));
        Assert.Equal(-32600, NextError().GetProperty("error").GetProperty("code").GetInt32());
        client.SendRaw(LspTestClient.Frame("{\"jsonrpc\": \"2.0\", \"id\": {\"a\": 1}, \"method\": \"x\"}"));
        Assert.Equal(-32600, NextError().GetProperty("error").GetProperty("code").GetInt32());
        // A header without Content-Length, then one whose length is not a number: parse errors, and framing recovers.
        client.SendRaw("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n");
        Assert.Equal(-32700, NextError().GetProperty("error").GetProperty("code").GetInt32());
        client.SendRaw("Content-Length: many\r\n\r\n");
        Assert.Equal(-32700, NextError().GetProperty("error").GetProperty("code").GetInt32());

        Assert.Equal(-32601, client.Request("podlint/unknown", new { }).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32602, client.Request("textDocument/hover", new { textDocument = new { uri = UriOf("a.py") } }).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32602, client.Request("textDocument/hover", new { textDocument = new { uri = UriOf("a.py") }, position = new { line = 0, character = 0 } }).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32602, client.Request("textDocument/codeAction", new { textDocument = new { uri = 5 } }).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32600, client.Request("initialize", new { capabilities = new { } }).GetProperty("error").GetProperty("code").GetInt32());
        // Notifications with bad params, unknown notifications and cancellations get no answer; the server goes on.
        client.Notify("textDocument/didOpen", new { textDocument = new { uri = 3 } });
        client.Notify("$/cancelRequest", new { id = 1 });
        client.Notify("podlint/unknownNotification", null);
        // Extra headers and a body with a multi-byte character are framed by bytes.
        string uri = UriOf("dags/é.py");
        Write("dags/é.py", "x = 'ü'\n");
        var body = JsonSerializer.Serialize(new { jsonrpc = "2.0", method = "textDocument/didOpen", @params = new { textDocument = new { uri, languageId = "python", version = 1, text = "x = 'ü'\n" } } });
        client.SendRaw($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{body}");
        Assert.Equal(0, client.Notification("textDocument/publishDiagnostics", uri).GetProperty("diagnostics").GetArrayLength());
        Assert.Equal(0, client.ShutdownAndExit());
    }

    [Fact]
    public void RequestsAfterShutdownAreRefusedAndExitWithoutShutdownIsOne()
    {
        using (var client = new LspTestClient())
        {
            client.Initialize(_dir);
            Assert.Equal(JsonValueKind.Null, client.Result("shutdown", null).ValueKind);
            Assert.Equal(-32600, client.Request("textDocument/hover", new { }).GetProperty("error").GetProperty("code").GetInt32());
            client.Notify("exit", null);
            Assert.Equal(0, client.WaitForExit());
        }
        using (var client = new LspTestClient())
        {
            client.Initialize(_dir);
            client.Notify("exit", null);
            Assert.Equal(1, client.WaitForExit());
        }
    }
}

/// <summary>Custom rules in the server: not run unless <c>--custom-rules</c> (said once), run with it.</summary>
public sealed class LspCustomRulesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("podlint-server-custom").FullName;

    public LspCustomRulesTests()
    {
        string examples = Path.Combine(RepoPaths.Root, "examples", "policies");
        Directory.CreateDirectory(Path.Combine(_dir, ".git"));
        Directory.CreateDirectory(Path.Combine(_dir, "dags"));
        foreach (var f in Directory.GetFiles(examples, "*.cs")) File.Copy(f, Path.Combine(_dir, Path.GetFileName(f)));
        File.Copy(Path.Combine(examples, "pyproject.toml"), Path.Combine(_dir, "pyproject.toml"));
        File.Copy(Path.Combine(examples, "dags", "training.py"), Path.Combine(_dir, "dags", "training.py"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private List<string> Codes(bool customRules)
    {
        using var client = new LspTestClient(new ServerOptions(CustomRules: customRules, DebounceMilliseconds: 0));
        client.Initialize(_dir);
        string path = Path.Combine(_dir, "dags", "training.py");
        string uri = LspTestClient.Uri(path);
        client.Open(uri, File.ReadAllText(path));
        var codes = client.Notification("textDocument/publishDiagnostics", uri).GetProperty("diagnostics").EnumerateArray()
            .Select(d => d.GetProperty("code").GetString()!).Distinct().Order(StringComparer.Ordinal).ToList();
        if (!customRules)
        {
            var shown = client.Next(m => m.TryGetProperty("method", out var mm) && mm.GetString() == "window/showMessage").GetProperty("params");
            Assert.Equal(2, shown.GetProperty("type").GetInt32());
            Assert.Equal($"pyproject.toml: custom rules not run: {ServerEngine.NoCustomRulesReason}", shown.GetProperty("message").GetString());
        }
        return codes;
    }

    [Fact]
    public void CustomRulesRunOnlyWhenAsked()
    {
        var builtin = Codes(customRules: false);
        Assert.DoesNotContain(builtin, c => c.StartsWith("ACME", StringComparison.Ordinal));
        var custom = Codes(customRules: true);
        Assert.Contains(custom, c => c.StartsWith("ACME", StringComparison.Ordinal));
        Assert.Equal(builtin, custom.Where(c => !c.StartsWith("ACME", StringComparison.Ordinal)));
    }
}
