using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace PodLint.Syntax.Python.Ast;

/// <summary>
/// Writes syntax trees and parse results as JSON, in the same form as <c>tests/oracle/cpython_ast_json.py</c>
/// prints CPython's <c>ast</c>:
/// <list type="bullet">
/// <item>a node is <c>{"_type": CLASS, field..., "lineno", "col_offset", "end_lineno", "end_col_offset"}</c>
/// (positions only for located nodes), fields in <c>_fields</c> order;</item>
/// <item>operators and contexts are <c>{"_type": "Load"}</c>;</item>
/// <item>constant values are tagged: <c>{"str": s}</c>, <c>{"bytes": hex}</c>, <c>{"int": "digits"}</c>,
/// <c>{"float": x}</c>, <c>{"complex": imag}</c>, <c>{"bool": b}</c>, <c>{"none": null}</c>,
/// <c>{"ellipsis": null}</c>; non-finite floats are the strings <c>"inf"</c>, <c>"-inf"</c>, <c>"nan"</c>.</item>
/// </list>
/// The bytes match Python's <c>json.dumps(ensure_ascii=False)</c> with default separators: floats use
/// Python's <c>repr</c>, non-ASCII text is raw UTF-8, control characters are escaped like Python does,
/// and a lone surrogate (legal in a Python <c>str</c>) is written as a <c>\udXXX</c> escape. So a line from
/// <c>podlint debug ast</c> and the oracle's line for a correctly parsed file are byte-identical.
/// </summary>
public static class AstJson
{
    private static readonly string[] s_exprContext = Enum.GetNames<ExprContext>();
    private static readonly string[] s_boolOp = Enum.GetNames<BoolOperator>();
    private static readonly string[] s_operator = Enum.GetNames<Operator>();
    private static readonly string[] s_unaryOp = Enum.GetNames<UnaryOperator>();
    private static readonly string[] s_cmpOp = Enum.GetNames<CmpOperator>();

    /// <summary>The JSON of one node, as a string (for tests and debugging).</summary>
    public static string Serialize(Node node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteNode(buffer, node);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Appends the JSON of <paramref name="node"/> (no newline).</summary>
    public static void WriteNode(IBufferWriter<byte> output, Node node) => new Writer(output).Node(node);

    /// <summary>
    /// Appends one line <c>{"path": P, "ast": NODE}</c> or <c>{"path": P, "error": {...}}</c> for a parse
    /// result, ending in <c>\n</c>. On an exception (for example a tree too deep to write) part of the line
    /// may already be written; callers that need whole lines write into a scratch buffer first.
    /// </summary>
    public static void WriteResultLine(IBufferWriter<byte> output, string path, ParseResult result) =>
        WriteResultLine(output, path, result, errorType: false);

    /// <summary>
    /// As <see cref="WriteResultLine(IBufferWriter{byte}, string, ParseResult)"/>; with <paramref name="errorType"/>
    /// an error also names its exception class, first: <c>{"type": T, "message": M, ...}</c> (the oracle's
    /// <c>--error-type</c> form).
    /// </summary>
    public static void WriteResultLine(IBufferWriter<byte> output, string path, ParseResult result, bool errorType)
    {
        if (result.Module is { } module && result.Error is null)
        {
            var w = new Writer(output);
            w.Raw("{\"path\": "u8);
            w.String(path);
            w.Raw(", \"ast\": "u8);
            w.Node(module);
            w.Raw("}\n"u8);
        }
        else
        {
            var error = result.Error ?? new PythonSyntaxError("parser returned neither a tree nor an error", 1, 0);
            if (errorType) WriteErrorLine(output, path, error.Type, error.Message, error.Lineno, error.ColOffset);
            else WriteErrorLine(output, path, error.Message, error.Lineno, error.ColOffset);
        }
    }

    /// <summary>Appends one line <c>{"path": P, "error": {"type": T, "message": M, "lineno": L, "col_offset": C}}</c>;
    /// a null type (not a syntax error) or position is written as <c>null</c>.</summary>
    public static void WriteErrorLine(IBufferWriter<byte> output, string path, string? type, string message, int? lineno, int? colOffset)
    {
        var w = new Writer(output);
        w.Raw("{\"path\": "u8);
        w.String(path);
        w.Raw(", \"error\": {\"type\": "u8);
        if (type is null) w.Raw("null"u8); else w.String(type);
        w.Raw(", \"message\": "u8);
        w.String(message);
        w.Raw(", \"lineno\": "u8);
        w.NullableInt(lineno);
        w.Raw(", \"col_offset\": "u8);
        w.NullableInt(colOffset);
        w.Raw("}}\n"u8);
    }

    /// <summary>Appends one line <c>{"path": P, "error": {"message": M, "lineno": L, "col_offset": C}}</c>;
    /// a null position (an unreadable file) is written as <c>null</c>.</summary>
    public static void WriteErrorLine(IBufferWriter<byte> output, string path, string message, int? lineno, int? colOffset)
    {
        var w = new Writer(output);
        w.Raw("{\"path\": "u8);
        w.String(path);
        w.Raw(", \"error\": {\"message\": "u8);
        w.String(message);
        w.Raw(", \"lineno\": "u8);
        w.NullableInt(lineno);
        w.Raw(", \"col_offset\": "u8);
        w.NullableInt(colOffset);
        w.Raw("}}\n"u8);
    }

    /// <summary>Python's <c>repr</c> of a finite float: shortest round-trip digits, fixed notation for
    /// decimal exponents -4..15 (always with a fractional part), otherwise <c>1.5e+16</c> style.</summary>
    public static string PythonFloatRepr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        // .NET's "R" is the shortest string that round-trips; take its digits and exponent apart.
        string r = value.ToString("R", CultureInfo.InvariantCulture);
        bool negative = r[0] == '-';
        int pos = negative ? 1 : 0;
        int ePos = r.IndexOfAny(['E', 'e']);
        string mantissa = ePos < 0 ? r[pos..] : r[pos..ePos];
        int exp = ePos < 0 ? 0 : int.Parse(r.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string digits = dot < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, dot), mantissa.AsSpan(dot + 1));
        int pointPos = dot < 0 ? mantissa.Length : dot; // digits before the decimal point
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') lead++;
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        pointPos -= lead;
        int sciExp = pointPos + exp - 1; // value = 0.d1d2... * 10^(pointPos+exp) = d1.d2... * 10^sciExp

        var sb = new StringBuilder(32);
        if (negative) sb.Append('-');
        if (sciExp is >= -4 and < 16)
        {
            if (sciExp >= 0)
            {
                int intDigits = sciExp + 1;
                if (digits.Length <= intDigits)
                {
                    sb.Append(digits).Append('0', intDigits - digits.Length).Append(".0");
                }
                else
                {
                    sb.Append(digits, 0, intDigits).Append('.').Append(digits, intDigits, digits.Length - intDigits);
                }
            }
            else
            {
                sb.Append("0.").Append('0', -sciExp - 1).Append(digits);
            }
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(sciExp < 0 ? '-' : '+');
            int absExp = Math.Abs(sciExp);
            if (absExp < 10) sb.Append('0');
            sb.Append(absExp.ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private readonly struct Writer(IBufferWriter<byte> output)
    {
        public void Raw(ReadOnlySpan<byte> bytes) => output.Write(bytes);

        private void Byte(byte b)
        {
            output.GetSpan(1)[0] = b;
            output.Advance(1);
        }

        private void Ascii(string s)
        {
            var span = output.GetSpan(s.Length);
            for (int i = 0; i < s.Length; i++) span[i] = (byte)s[i];
            output.Advance(s.Length);
        }

        public void Int(long value)
        {
            var span = output.GetSpan(24);
            Utf8Formatter.TryFormat(value, span, out int written);
            output.Advance(written);
        }

        public void NullableInt(int? value)
        {
            if (value is { } v) Int(v);
            else Raw("null"u8);
        }

        public void Node(Node node)
        {
            // A pathological tree (say, 100k chained '+') could be deeper than the stack allows.
            RuntimeHelpers.EnsureSufficientExecutionStack();
            Raw("{\"_type\": "u8);
            QuotedAscii(node.TypeName);
            var names = node.FieldNames;
            bool tagged = node is Constant || node is MatchSingleton;
            for (int i = 0; i < names.Count; i++)
            {
                Raw(", \""u8);
                Ascii(names[i]);
                Raw("\": "u8);
                var value = node.GetField(i);
                if (tagged && i == 0) ConstantValue(value);
                else Field(value);
            }
            if (node is LocatedNode located)
            {
                var r = located.Range;
                Raw(", \"lineno\": "u8);
                Int(r.Lineno);
                Raw(", \"col_offset\": "u8);
                Int(r.ColOffset);
                Raw(", \"end_lineno\": "u8);
                Int(r.EndLineno);
                Raw(", \"end_col_offset\": "u8);
                Int(r.EndColOffset);
            }
            Byte((byte)'}');
        }

        private void QuotedAscii(string s)
        {
            Byte((byte)'"');
            Ascii(s);
            Byte((byte)'"');
        }

        private void EnumNode(string name)
        {
            Raw("{\"_type\": "u8);
            QuotedAscii(name);
            Byte((byte)'}');
        }

        private void Field(object? value)
        {
            switch (value)
            {
                case null: Raw("null"u8); break;
                case Node n: Node(n); break;
                case string s: String(s); break;
                case int i: Int(i); break;
                case ExprContext e: EnumNode(s_exprContext[(int)e]); break;
                case BoolOperator e: EnumNode(s_boolOp[(int)e]); break;
                case Operator e: EnumNode(s_operator[(int)e]); break;
                case UnaryOperator e: EnumNode(s_unaryOp[(int)e]); break;
                case CmpOperator e: EnumNode(s_cmpOp[(int)e]); break;
                case IReadOnlyList<Node?> nodes:
                    Byte((byte)'[');
                    for (int i = 0; i < nodes.Count; i++)
                    {
                        if (i > 0) Raw(", "u8);
                        if (nodes[i] is { } n) Node(n);
                        else Raw("null"u8);
                    }
                    Byte((byte)']');
                    break;
                case IReadOnlyList<CmpOperator> ops:
                    Byte((byte)'[');
                    for (int i = 0; i < ops.Count; i++)
                    {
                        if (i > 0) Raw(", "u8);
                        EnumNode(s_cmpOp[(int)ops[i]]);
                    }
                    Byte((byte)']');
                    break;
                case IReadOnlyList<string> strings:
                    Byte((byte)'[');
                    for (int i = 0; i < strings.Count; i++)
                    {
                        if (i > 0) Raw(", "u8);
                        String(strings[i]);
                    }
                    Byte((byte)']');
                    break;
                case System.Collections.IEnumerable list:
                    // Lists of enums (Compare.ops) or of anything else the generated nodes may hold.
                    Byte((byte)'[');
                    bool first = true;
                    foreach (var item in list)
                    {
                        if (!first) Raw(", "u8);
                        first = false;
                        Field(item);
                    }
                    Byte((byte)']');
                    break;
                default:
                    throw new InvalidOperationException($"AstJson: unexpected field value of type {value.GetType()}");
            }
        }

        private void ConstantValue(object? value)
        {
            switch (value)
            {
                case null: Raw("{\"none\": null}"u8); break;
                case string s: Raw("{\"str\": "u8); String(s); Byte((byte)'}'); break;
                case PyCodePoints cps: Raw("{\"str\": "u8); CodePoints(cps); Byte((byte)'}'); break;
                case bool b: Raw(b ? "{\"bool\": true}"u8 : "{\"bool\": false}"u8); break;
                case BigInteger big: Raw("{\"int\": \""u8); Ascii(big.ToString(CultureInfo.InvariantCulture)); Raw("\"}"u8); break;
                case int i: Raw("{\"int\": \""u8); Int(i); Raw("\"}"u8); break;
                case long l: Raw("{\"int\": \""u8); Int(l); Raw("\"}"u8); break;
                case double d: Raw("{\"float\": "u8); Float(d); Byte((byte)'}'); break;
                case PyComplex c: Raw("{\"complex\": "u8); Float(c.Imag); Byte((byte)'}'); break;
                case PyBytes bytes:
                    Raw("{\"bytes\": \""u8);
                    Ascii(Convert.ToHexStringLower(bytes.Value.AsSpan()));
                    Raw("\"}"u8);
                    break;
                case PyEllipsis: Raw("{\"ellipsis\": null}"u8); break;
                default:
                    throw new InvalidOperationException($"AstJson: unexpected constant of type {value.GetType()}");
            }
        }

        private void Float(double d)
        {
            if (double.IsFinite(d)) Ascii(PythonFloatRepr(d));
            else QuotedAscii(PythonFloatRepr(d));
        }

        /// <summary>A JSON string as Python's json.dumps(ensure_ascii=False) writes it, with lone surrogates
        /// as \udXXX escapes.</summary>
        public void String(string s)
        {
            Byte((byte)'"');
            StringBody(s);
            Byte((byte)'"');
        }

        /// <summary>A str whose escaped surrogates must stay separate code points.</summary>
        public void CodePoints(PyCodePoints value)
        {
            Byte((byte)'"');
            foreach (int cp in value.Value)
            {
                if (cp is >= 0xD800 and <= 0xDFFF) UnicodeEscape((char)cp);
                else StringBody(char.ConvertFromUtf32(cp));
            }
            Byte((byte)'"');
        }

        private void StringBody(string s)
        {
            int i = 0;
            while (i < s.Length)
            {
                // Copy a run of plain printable ASCII in one go.
                int start = i;
                while (i < s.Length && s[i] is >= ' ' and < (char)0x80 and not '"' and not '\\') i++;
                if (i > start)
                {
                    var run = s.AsSpan(start, i - start);
                    var span = output.GetSpan(run.Length);
                    for (int k = 0; k < run.Length; k++) span[k] = (byte)run[k];
                    output.Advance(run.Length);
                }
                if (i >= s.Length) break;
                char c = s[i];
                if (c < 0x80)
                {
                    switch (c)
                    {
                        case '"': Raw("\\\""u8); break;
                        case '\\': Raw("\\\\"u8); break;
                        case '\n': Raw("\\n"u8); break;
                        case '\r': Raw("\\r"u8); break;
                        case '\t': Raw("\\t"u8); break;
                        case '\b': Raw("\\b"u8); break;
                        case '\f': Raw("\\f"u8); break;
                        default: UnicodeEscape(c); break;
                    }
                    i++;
                }
                else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    var span = output.GetSpan(4);
                    int n = Encoding.UTF8.GetBytes(s.AsSpan(i, 2), span);
                    output.Advance(n);
                    i += 2;
                }
                else if (char.IsSurrogate(c))
                {
                    UnicodeEscape(c);
                    i++;
                }
                else
                {
                    var span = output.GetSpan(3);
                    int n = Encoding.UTF8.GetBytes(s.AsSpan(i, 1), span);
                    output.Advance(n);
                    i++;
                }
            }
        }

        private void UnicodeEscape(char c)
        {
            const string hex = "0123456789abcdef";
            var span = output.GetSpan(6);
            span[0] = (byte)'\\';
            span[1] = (byte)'u';
            span[2] = (byte)hex[(c >> 12) & 0xF];
            span[3] = (byte)hex[(c >> 8) & 0xF];
            span[4] = (byte)hex[(c >> 4) & 0xF];
            span[5] = (byte)hex[c & 0xF];
            output.Advance(6);
        }
    }
}
