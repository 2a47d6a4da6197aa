using System.Globalization;
using System.Numerics;
using System.Text;
using PodLint.Syntax.Python.Ast;

namespace PodLint.Syntax.Tests.Parser;

/// <summary>
/// Renders a tree the way CPython 3.13's <c>ast.dump(node, include_attributes=True)</c> does (single
/// line, empty lists and None fields omitted), so focused tests can state CPython's own output.
/// </summary>
public static class AstDump
{
    public static string Dump(Node node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case Node node:
                WriteNode(sb, node);
                break;
            case System.Collections.IEnumerable list and not string:
                sb.Append('[');
                bool first = true;
                foreach (var item in list)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    Write(sb, item);
                }
                sb.Append(']');
                break;
            case Enum e:
                sb.Append(e.ToString()).Append("()");
                break;
            default:
                sb.Append(Repr(value));
                break;
        }
    }

    private static void WriteNode(StringBuilder sb, Node node)
    {
        sb.Append(node.TypeName).Append('(');
        bool any = false;
        bool keepEmpty = node is Constant or MatchSingleton;
        for (int i = 0; i < node.FieldNames.Count; i++)
        {
            var value = node.GetField(i);
            if (!keepEmpty && (value is null || value is System.Collections.ICollection { Count: 0 })) continue;
            if (keepEmpty && value is null && node.FieldNames[i] == "kind") continue;
            if (any) sb.Append(", ");
            any = true;
            sb.Append(node.FieldNames[i]).Append('=');
            Write(sb, value);
        }
        if (node is LocatedNode located)
        {
            var r = located.Range;
            if (any) sb.Append(", ");
            sb.Append(CultureInfo.InvariantCulture, $"lineno={r.Lineno}, col_offset={r.ColOffset}, end_lineno={r.EndLineno}, end_col_offset={r.EndColOffset}");
        }
        sb.Append(')');
    }

    public static string Repr(object? value) => value switch
    {
        null => "None",
        true => "True",
        false => "False",
        string s => ReprString(s),
        int i => i.ToString(CultureInfo.InvariantCulture),
        BigInteger b => b.ToString(CultureInfo.InvariantCulture),
        double d => ReprFloat(d),
        PyComplex c => ReprFloat(c.Imag, complexPart: true) + "j",
        PyBytes b => ReprBytes(b),
        PyEllipsis => "Ellipsis",
        _ => value.ToString() ?? "",
    };

    private static string ReprString(string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder().Append(quote);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
            }
            if (c == quote) { sb.Append('\\').Append(c); continue; }
            if (c < 0x20 || c == 0x7f) { sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"); continue; }
            if (c < 0x7f) { sb.Append(c); continue; }
            int cp = c;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                cp = char.ConvertToUtf32(c, s[i + 1]);
                i++;
            }
            if (IsPrintable(cp)) sb.Append(char.ConvertFromUtf32(cp));
            else if (cp <= 0xff) sb.Append(CultureInfo.InvariantCulture, $"\\x{cp:x2}");
            else if (cp <= 0xffff) sb.Append(CultureInfo.InvariantCulture, $"\\u{cp:x4}");
            else sb.Append(CultureInfo.InvariantCulture, $"\\U{cp:x8}");
        }
        return sb.Append(quote).ToString();
    }

    private static bool IsPrintable(int cp)
    {
        if (cp is >= 0xD800 and <= 0xDFFF) return false;
        if (cp == ' ') return true;
        var cat = CharUnicodeInfo.GetUnicodeCategory(cp);
        return cat is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator);
    }

    private static string ReprBytes(PyBytes b)
    {
        var bytes = b.Value;
        bool hasSingle = bytes.Contains((byte)'\''), hasDouble = bytes.Contains((byte)'"');
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        var sb = new StringBuilder("b").Append(quote);
        foreach (var x in bytes)
        {
            if (x == quote || x == '\\') sb.Append('\\').Append((char)x);
            else if (x == '\t') sb.Append("\\t");
            else if (x == '\n') sb.Append("\\n");
            else if (x == '\r') sb.Append("\\r");
            else if (x < 0x20 || x >= 0x7f) sb.Append(CultureInfo.InvariantCulture, $"\\x{x:x2}");
            else sb.Append((char)x);
        }
        return sb.Append(quote).ToString();
    }

    /// <summary>Python's float repr: shortest round-trip digits, exponent form below 1e-4 or from 1e16.</summary>
    private static string ReprFloat(double d, bool complexPart = false)
    {
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (double.IsNaN(d)) return "nan";
        // Shortest round-trip digits from "R", then re-layout.
        string shortest = d.ToString("R", CultureInfo.InvariantCulture);
        bool negative = shortest.StartsWith('-');
        if (negative) shortest = shortest[1..];
        string mantissa = shortest;
        int exp10 = 0;
        int e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exp10 = int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture);
        }
        int dot = mantissa.IndexOf('.');
        string digits = dot >= 0 ? mantissa.Remove(dot, 1) : mantissa;
        int pointPos = (dot >= 0 ? dot : mantissa.Length) + exp10;
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') { lead++; pointPos--; }
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0) { digits = "0"; pointPos = 1; }
        int decimalExponent = pointPos - 1;
        string body;
        if (decimalExponent < -4 || decimalExponent >= 16)
        {
            string m = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            body = m + "e" + (decimalExponent < 0 ? "-" : "+") + Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (pointPos <= 0)
        {
            body = "0." + new string('0', -pointPos) + digits;
        }
        else if (pointPos >= digits.Length)
        {
            body = digits + new string('0', pointPos - digits.Length) + (complexPart ? "" : ".0");
        }
        else
        {
            body = digits[..pointPos] + "." + digits[pointPos..];
        }
        return (negative ? "-" : "") + body;
    }
}
