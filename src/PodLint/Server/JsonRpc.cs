using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PodLint.Cli.Server;

/// <summary>JSON-RPC 2.0 error codes used by the server (the last two are LSP's own).</summary>
public static class RpcErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int RequestFailed = -32803;
}

/// <summary>An error a handler answers a request with.</summary>
public sealed class RpcException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}

/// <summary>
/// One message read from the client: a request (<see cref="Id"/> and <see cref="Method"/>), a notification (a method, no
/// id), a response to a request of ours (an id, no method), or something that is none of these, with the error to answer
/// (<see cref="Error"/>). Elements are cloned, so they outlive the parsed document.
/// </summary>
public sealed record RpcMessage(JsonElement? Id, string? Method, JsonElement Params, (int Code, string Message)? Error = null)
{
    public bool IsRequest => Id is not null && Method is not null;

    public bool IsNotification => Id is null && Method is not null;

    /// <summary>Parses one message body. Never throws: what is not a JSON-RPC 2.0 message comes back with its error.</summary>
    public static RpcMessage Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return Classify(body);
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8 (the reader checks it only when the string is read).
            return new RpcMessage(null, null, default, (RpcErrorCodes.ParseError, "parse error: a string is not valid UTF-8"));
        }
    }

    private static RpcMessage Classify(ReadOnlyMemory<byte> body)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 128 });
            root = doc.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or DecoderFallbackException)
        {
            return new RpcMessage(null, null, default, (RpcErrorCodes.ParseError, $"parse error: {FirstLine(e.Message)}"));
        }
        if (root.ValueKind != JsonValueKind.Object)
            return new RpcMessage(null, null, default, (RpcErrorCodes.InvalidRequest, "invalid request: a message must be a JSON object"));
        JsonElement? id = root.TryGetProperty("id", out var idElement) ? idElement : null;
        if (id is { } i && i.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
            return new RpcMessage(null, null, default, (RpcErrorCodes.InvalidRequest, "invalid request: 'id' must be a string or a number"));
        if (!root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
            return new RpcMessage(id, null, default, (RpcErrorCodes.InvalidRequest, "invalid request: 'jsonrpc' must be \"2.0\""));
        var parameters = root.TryGetProperty("params", out var p) && p.ValueKind != JsonValueKind.Null ? p : default;
        if (parameters.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object or JsonValueKind.Array))
            return new RpcMessage(id, null, default, (RpcErrorCodes.InvalidRequest, "invalid request: 'params' must be an object or an array"));
        if (root.TryGetProperty("method", out var method))
        {
            if (method.ValueKind != JsonValueKind.String)
                return new RpcMessage(id, null, default, (RpcErrorCodes.InvalidRequest, "invalid request: 'method' must be a string"));
            return new RpcMessage(id, method.GetString(), parameters);
        }
        if (id is null || !(root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _)))
            return new RpcMessage(id, null, default, (RpcErrorCodes.InvalidRequest, "invalid request: no 'method'"));
        return new RpcMessage(id, null, default); // a response to one of our requests
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}

/// <summary>
/// The base protocol of LSP on a pair of streams: messages framed by a <c>Content-Length</c> header (other headers are
/// read and ignored), bodies of UTF-8 JSON. Reading is single-threaded; writing is serialised by a lock, so any thread may
/// send. A header that cannot be understood is skipped up to the next blank line and reported as a parse error; the
/// connection goes on.
/// </summary>
public sealed class JsonRpcConnection(Stream input, Stream output)
{
    /// <summary>The largest message body accepted (a bigger one is skipped and answered with an error).</summary>
    public const int MaxBodyBytes = 64 * 1024 * 1024;

    private readonly Lock _writeLock = new();
    private readonly byte[] _one = new byte[1];
    private int _nextId;

    /// <summary>
    /// The next message, or null at the end of the input. A frame whose header is broken comes back as a message with
    /// a parse error (and no id), after the reader has moved past it.
    /// </summary>
    public RpcMessage? Read()
    {
        while (true)
        {
            int? length = null;
            string? headerProblem = null;
            bool any = false;
            while (true)
            {
                string? line = ReadHeaderLine();
                if (line is null) return null;
                if (line.Length == 0)
                {
                    if (any) break;
                    continue; // blank lines between messages are tolerated
                }
                any = true;
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    headerProblem ??= $"malformed header line '{Shorten(line)}'";
                    continue;
                }
                if (line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    if (int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n)) length = n;
                    else headerProblem ??= $"bad Content-Length '{Shorten(line[(colon + 1)..].Trim())}'";
                }
            }
            if (headerProblem is not null || length is null)
                return new RpcMessage(null, null, default, (RpcErrorCodes.ParseError, $"parse error: {headerProblem ?? "no Content-Length header"}"));
            if (length > MaxBodyBytes)
            {
                if (!Skip(length.Value)) return null;
                return new RpcMessage(null, null, default, (RpcErrorCodes.ParseError, $"parse error: message of {length} bytes is larger than the {MaxBodyBytes}-byte limit"));
            }
            var body = new byte[length.Value];
            if (!ReadExactly(body)) return null;
            return RpcMessage.Parse(body);
        }
    }

    private static string Shorten(string s) => s.Length > 60 ? s[..60] + "..." : s;

    /// <summary>A header line without its CR LF (a lone LF ends a line too); null at the end of the input.</summary>
    private string? ReadHeaderLine()
    {
        var bytes = new List<byte>();
        while (true)
        {
            int n = input.Read(_one, 0, 1);
            if (n == 0) return bytes.Count == 0 ? null : Encoding.ASCII.GetString([.. bytes]);
            byte b = _one[0];
            if (b == '\n') break;
            if (bytes.Count < 8192) bytes.Add(b);
        }
        if (bytes.Count > 0 && bytes[^1] == '\r') bytes.RemoveAt(bytes.Count - 1);
        return Encoding.ASCII.GetString([.. bytes]);
    }

    private bool ReadExactly(byte[] buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = input.Read(buffer, read, buffer.Length - read);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    private bool Skip(int count)
    {
        var buffer = new byte[81920];
        while (count > 0)
        {
            int n = input.Read(buffer, 0, Math.Min(buffer.Length, count));
            if (n == 0) return false;
            count -= n;
        }
        return true;
    }

    /// <summary>Sends a success response to <paramref name="id"/>; <paramref name="result"/> writes the result value.</summary>
    public void Respond(JsonElement id, Action<Utf8JsonWriter> result) => Send(w =>
    {
        w.WritePropertyName("id");
        id.WriteTo(w);
        w.WritePropertyName("result");
        result(w);
    });

    /// <summary>Sends an error response (to no id, <c>null</c>, when the request's id could not be read).</summary>
    public void RespondError(JsonElement? id, int code, string message) => Send(w =>
    {
        w.WritePropertyName("id");
        if (id is { } i) i.WriteTo(w);
        else w.WriteNullValue();
        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("message", message);
        w.WriteEndObject();
    });

    public void Notify(string method, Action<Utf8JsonWriter> parameters) => Send(w =>
    {
        w.WriteString("method", method);
        w.WritePropertyName("params");
        parameters(w);
    });

    /// <summary>Sends a request to the client (its response is read and ignored); returns the id used.</summary>
    public int Request(string method, Action<Utf8JsonWriter> parameters)
    {
        int id = Interlocked.Increment(ref _nextId);
        Send(w =>
        {
            w.WriteNumber("id", id);
            w.WriteString("method", method);
            w.WritePropertyName("params");
            parameters(w);
        });
        return id;
    }

    private void Send(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("jsonrpc", "2.0");
            members(w);
            w.WriteEndObject();
        }
        byte[] header = Encoding.ASCII.GetBytes($"Content-Length: {buffer.WrittenCount}\r\n\r\n");
        lock (_writeLock)
        {
            output.Write(header);
            output.Write(buffer.WrittenSpan);
            output.Flush();
        }
    }
}
