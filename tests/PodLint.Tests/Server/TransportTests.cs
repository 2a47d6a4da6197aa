using System.Text;
using System.Text.Json;
using PodLint.Cli.Server;

namespace PodLint.Tests.Server;

/// <summary>The server's JSON-RPC framing and message parsing, and LSP position arithmetic, on exact bytes.</summary>
public sealed class TransportTests
{
    private static JsonRpcConnection Over(string input, MemoryStream? output = null) =>
        new(new MemoryStream(Encoding.UTF8.GetBytes(input)), output ?? new MemoryStream());

    [Fact]
    public void FramingToleratesExtraHeadersLoneLineFeedsAndBlankLines()
    {
        const string body = "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}";
        var rpc = Over($"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n{body}"
            + $"\r\n\ncontent-length:{body.Length}\n\n{body}");
        Assert.Equal("initialized", rpc.Read()!.Method);
        Assert.Equal("initialized", rpc.Read()!.Method);
        Assert.Null(rpc.Read());
    }

    [Fact]
    public void ABodyCutShortEndsTheInput()
    {
        var rpc = Over("Content-Length: 100\r\n\r\n{\"jsonrpc\":");
        Assert.Null(rpc.Read());
    }

    [Fact]
    public void BrokenHeadersAreParseErrorsAndReadingGoesOn()
    {
        const string body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"shutdown\"}";
        var rpc = Over($"garbage without a colon\r\n\r\nContent-Length: -3\r\n\r\nContent-Length: {JsonRpcConnection.MaxBodyBytes + 1}\r\n\r\n"
            + $"Content-Length: {body.Length}\r\n\r\n{body}");
        Assert.Equal((RpcErrorCodes.ParseError, "parse error: malformed header line 'garbage without a colon'"), rpc.Read()!.Error);
        Assert.Equal((RpcErrorCodes.ParseError, "parse error: bad Content-Length '-3'"), rpc.Read()!.Error);
        // Too large: the bytes that are there are skipped (here: none are, so the input ends).
        Assert.Null(rpc.Read());
    }

    [Fact]
    public void MessagesAreClassified()
    {
        static RpcMessage Parse(string json) => RpcMessage.Parse(Encoding.UTF8.GetBytes(json));
        Assert.True(Parse("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"m\",\"params\":[1]}").IsRequest);
        Assert.True(Parse("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":null}").IsNotification);
        var response = Parse("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":null}");
        Assert.Null(response.Method);
        Assert.Null(response.Error);
        Assert.Equal(RpcErrorCodes.InvalidRequest, Parse("{\"jsonrpc\":\"2.0\",\"id\":3}").Error!.Value.Code);
        Assert.Equal(RpcErrorCodes.InvalidRequest, Parse("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":5}").Error!.Value.Code);
        Assert.Equal(RpcErrorCodes.InvalidRequest, Parse("{\"jsonrpc\":\"1.0\",\"method\":\"m\"}").Error!.Value.Code);
        Assert.Equal(RpcErrorCodes.InvalidRequest, Parse("\"text\"").Error!.Value.Code);
        Assert.Equal(RpcErrorCodes.ParseError, Parse("{\"jsonrpc\":\"2.0\",").Error!.Value.Code);
        // Not UTF-8: in a name the message is still read (and lacks "jsonrpc"); in the method it is a parse error.
        Assert.Equal(RpcErrorCodes.InvalidRequest, RpcMessage.Parse(new byte[] { 0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D }).Error!.Value.Code);
        byte[] badMethod = [.. Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\""), 0xFF, .. Encoding.UTF8.GetBytes("\"}")];
        Assert.Equal((RpcErrorCodes.ParseError, "parse error: a string is not valid UTF-8"), RpcMessage.Parse(badMethod).Error);
        Assert.Equal(RpcErrorCodes.ParseError, Parse(new string('[', 200) + new string(']', 200)).Error!.Value.Code);
    }

    [Fact]
    public void ResponsesAreFramedExactly()
    {
        var output = new MemoryStream();
        var rpc = new JsonRpcConnection(new MemoryStream(), output);
        using var id = JsonDocument.Parse("\"req-1\"");
        rpc.Respond(id.RootElement, w => w.WriteStringValue("é"));
        rpc.RespondError(null, RpcErrorCodes.ParseError, "parse error: x");
        const string first = "{\"jsonrpc\":\"2.0\",\"id\":\"req-1\",\"result\":\"é\"}";
        const string second = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error: x\"}}";
        Assert.Equal($"Content-Length: {Encoding.UTF8.GetByteCount(first)}\r\n\r\n{first}Content-Length: {second.Length}\r\n\r\n{second}",
            Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void PositionsCountUnitsOfTheNegotiatedEncoding()
    {
        // Lines: "a😀é\r\n", "\r" (a lone CR ends a line), "x\n", "".
        var text = new LspText("a😀é\r\n\rx\n");
        Assert.Equal(4, text.LineCount);
        int afterE = "a😀é".Length; // 4 UTF-16 units
        Assert.Equal(new LspPosition(0, 4), text.PositionOf(afterE, PositionEncoding.Utf16));
        Assert.Equal(new LspPosition(0, 7), text.PositionOf(afterE, PositionEncoding.Utf8));
        Assert.Equal(new LspPosition(0, 3), text.PositionOf(afterE, PositionEncoding.Utf32));
        // Inside the surrogate pair: the pair's start.
        Assert.Equal(new LspPosition(0, 1), text.PositionOf(2, PositionEncoding.Utf16));
        Assert.Equal(1, text.OffsetOf(new LspPosition(0, 2), PositionEncoding.Utf16));
        Assert.Equal(1, text.OffsetOf(new LspPosition(0, 3), PositionEncoding.Utf8));
        Assert.Equal(3, text.OffsetOf(new LspPosition(0, 5), PositionEncoding.Utf8));
        Assert.Equal(3, text.OffsetOf(new LspPosition(0, 2), PositionEncoding.Utf32));
        // Past the end of a line: its end, before the CR LF.
        Assert.Equal(afterE, text.OffsetOf(new LspPosition(0, 99), PositionEncoding.Utf16));
        Assert.Equal(new LspPosition(1, 0), text.PositionOf(afterE + 2, PositionEncoding.Utf16));
        Assert.Equal(new LspPosition(2, 1), text.PositionOf(afterE + 4, PositionEncoding.Utf16));
        Assert.Equal(new LspPosition(3, 0), text.PositionOf(text.Text.Length, PositionEncoding.Utf16));
        Assert.Equal(text.Text.Length, text.OffsetOf(new LspPosition(9, 0), PositionEncoding.Utf16));
        Assert.Equal("a😀é\r\n\rYx\n", text.Apply(new LspRange(new LspPosition(2, 0), new LspPosition(2, 0)), "Y", PositionEncoding.Utf16));
        Assert.Equal("a😀\r\n\rx\n", text.Apply(new LspRange(new LspPosition(0, 5), new LspPosition(0, 7)), "", PositionEncoding.Utf8));
    }
}
