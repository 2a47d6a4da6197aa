using System.Collections.Concurrent;
using System.IO.Pipes;
using System.Text;
using System.Text.Json;
using PodLint.Cli.Server;

namespace PodLint.Tests.Server;

/// <summary>
/// A scripted LSP client: runs <see cref="LspServer"/> in-process on a pair of anonymous pipes, frames what it sends
/// with <c>Content-Length</c>, and reads every message the server writes into a queue the test waits on.
/// </summary>
public sealed class LspTestClient : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly AnonymousPipeServerStream _toServer = new(PipeDirection.Out);
    private readonly AnonymousPipeServerStream _fromServer = new(PipeDirection.In);
    private readonly BlockingCollection<JsonElement> _incoming = [];
    private readonly List<JsonElement> _unclaimed = [];
    private readonly Task<int> _server;
    private readonly AnonymousPipeClientStream _serverIn;
    private int _nextId;

    public LspTestClient(ServerOptions? options = null)
    {
        _serverIn = new AnonymousPipeClientStream(PipeDirection.In, _toServer.ClientSafePipeHandle);
        var serverOut = new AnonymousPipeClientStream(PipeDirection.Out, _fromServer.ClientSafePipeHandle);
        _server = Task.Factory.StartNew(() =>
        {
            try
            {
                return new LspServer(_serverIn, serverOut, options ?? new ServerOptions(DebounceMilliseconds: 0)).Run();
            }
            finally
            {
                // The input is left open: the server's reader thread may still be blocked on it (closed by Dispose).
                serverOut.Dispose();
            }
        }, TaskCreationOptions.LongRunning);
        var reader = new Thread(ReadLoop) { IsBackground = true };
        reader.Start();
    }

    private void ReadLoop()
    {
        try
        {
            while (true)
            {
                string? header = ReadHeader();
                if (header is null) break;
                int length = int.Parse(header.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                var body = new byte[length];
                int read = 0;
                while (read < length)
                {
                    int n = _fromServer.Read(body, read, length - read);
                    if (n == 0) return;
                    read += n;
                }
                using var doc = JsonDocument.Parse(body);
                _incoming.Add(doc.RootElement.Clone());
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The pipe was closed by Dispose: the end of the output.
        }
        finally
        {
            _incoming.CompleteAdding();
        }
    }

    /// <summary>Reads "Content-Length: N\r\n\r\n" (the server writes exactly that header).</summary>
    private string? ReadHeader()
    {
        var sb = new StringBuilder();
        while (!sb.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            int b = _fromServer.ReadByte();
            if (b < 0) return null;
            sb.Append((char)b);
        }
        string header = sb.ToString();
        Assert.Matches(@"^Content-Length: \d+\r\n\r\n$", header);
        return header.TrimEnd();
    }

    public void SendRaw(byte[] bytes)
    {
        _toServer.Write(bytes);
        _toServer.Flush();
    }

    public void SendRaw(string text) => SendRaw(Encoding.UTF8.GetBytes(text));

    public static byte[] Frame(string json)
    {
        byte[] body = Encoding.UTF8.GetBytes(json);
        return [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];
    }

    public void Notify(string method, object? parameters) =>
        SendRaw(Frame(JsonSerializer.Serialize(new Dictionary<string, object?> { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters })));

    /// <summary>Sends a request and returns the whole response message (result or error).</summary>
    public JsonElement Request(string method, object? parameters)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new Dictionary<string, object?> { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null) message["params"] = parameters;
        SendRaw(Frame(JsonSerializer.Serialize(message)));
        return Next(m => m.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.Number && i.GetInt32() == id && !m.TryGetProperty("method", out _));
    }

    /// <summary>The result of a request that must succeed.</summary>
    public JsonElement Result(string method, object? parameters)
    {
        var response = Request(method, parameters);
        Assert.False(response.TryGetProperty("error", out var error), $"{method} failed: {error}");
        return response.GetProperty("result");
    }

    /// <summary>The next message matching <paramref name="predicate"/> (messages that do not match are kept for later).</summary>
    public JsonElement Next(Func<JsonElement, bool> predicate)
    {
        lock (_unclaimed)
        {
            for (int i = 0; i < _unclaimed.Count; i++)
            {
                if (!predicate(_unclaimed[i])) continue;
                var found = _unclaimed[i];
                _unclaimed.RemoveAt(i);
                return found;
            }
        }
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, "timed out waiting for a message from the server");
            if (!_incoming.TryTake(out var message, left))
            {
                Assert.False(_incoming.IsCompleted, "the server closed its output");
                continue;
            }
            if (predicate(message)) return message;
            lock (_unclaimed) _unclaimed.Add(message);
        }
    }

    /// <summary>The next notification of <paramref name="method"/> (for <paramref name="uri"/> when given).</summary>
    public JsonElement Notification(string method, string? uri = null) =>
        Next(m => m.TryGetProperty("method", out var mm) && mm.GetString() == method && !m.TryGetProperty("id", out _)
            && (uri is null || m.GetProperty("params").GetProperty("uri").GetString() == uri)).GetProperty("params");

    /// <summary>Every message received so far that no wait claimed (after a round trip, so nothing is in flight).</summary>
    public List<JsonElement> Unclaimed()
    {
        lock (_unclaimed) return [.. _unclaimed];
    }

    public JsonElement Initialize(string? folder, object? capabilities = null, object? initializationOptions = null)
    {
        var result = Result("initialize", new Dictionary<string, object?>
        {
            ["processId"] = null,
            ["capabilities"] = capabilities ?? new { },
            ["workspaceFolders"] = folder is null ? null : new[] { new { uri = Uri(folder), name = "ws" } },
            ["initializationOptions"] = initializationOptions,
        });
        Notify("initialized", new { });
        return result;
    }

    public void Open(string uri, string text, string languageId = "python", int version = 1) =>
        Notify("textDocument/didOpen", new { textDocument = new { uri, languageId, version, text } });

    /// <summary>The server's exit code after <c>shutdown</c> and <c>exit</c>.</summary>
    public int ShutdownAndExit()
    {
        Assert.Equal(JsonValueKind.Null, Result("shutdown", null).ValueKind);
        Notify("exit", null);
        return WaitForExit();
    }

    public int WaitForExit()
    {
        Assert.True(_server.Wait(Wait), "the server did not exit");
        return _server.Result;
    }

    public static string Uri(string path) => new Uri(path).AbsoluteUri;

    public void Dispose()
    {
        try
        {
            _toServer.Dispose();
        }
        catch (IOException)
        {
        }
        _server.Wait(Wait);
        _serverIn.Dispose();
        _fromServer.Dispose();
    }

    /// <summary>A text with LSP text edits applied (UTF-16 positions), last first as LSP's non-overlapping edits allow.</summary>
    public static string ApplyEdits(string text, JsonElement edits, PositionEncoding encoding = PositionEncoding.Utf16)
    {
        var lines = new LspText(text);
        var list = edits.EnumerateArray().Select(e =>
        {
            var r = e.GetProperty("range");
            int s = lines.OffsetOf(Pos(r.GetProperty("start")), encoding), en = lines.OffsetOf(Pos(r.GetProperty("end")), encoding);
            return (s, en, e.GetProperty("newText").GetString()!);
        }).OrderByDescending(e => e.s).ToList();
        foreach (var (s, en, newText) in list) text = string.Concat(text.AsSpan(0, s), newText, text.AsSpan(en));
        return text;
    }

    private static LspPosition Pos(JsonElement p) => new(p.GetProperty("line").GetInt32(), p.GetProperty("character").GetInt32());

    /// <summary>"line:character-line:character" of an LSP range.</summary>
    public static string RangeText(JsonElement range)
    {
        var s = range.GetProperty("start");
        var e = range.GetProperty("end");
        return $"{s.GetProperty("line").GetInt32()}:{s.GetProperty("character").GetInt32()}-{e.GetProperty("line").GetInt32()}:{e.GetProperty("character").GetInt32()}";
    }
}
