using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using PodLint.Syntax.Python.Literals;
using PyComplex = PodLint.Syntax.Python.Ast.PyComplex;

namespace PodLint.Syntax.Tests.Literals;

/// <summary>
/// Feeds many generated literals through CPython 3.13 (ast.literal_eval, one subprocess) and through
/// <see cref="PythonLiterals"/>, and requires the same value or the same error message.
/// </summary>
public class DifferentialTests
{
    // Prints one JSON object per input line. str values travel as UTF-16LE hex (lone surrogates
    // included), bytes as hex, ints as hex, floats as their IEEE bit pattern.
    private const string OracleScript = """
        import ast, json, struct, sys, warnings
        warnings.simplefilter("ignore")
        def bits(x):
            return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]
        for line in sys.stdin:
            src = json.loads(line)
            try:
                v = ast.literal_eval(src)
            except SyntaxError as e:
                out = {"error": e.msg}
            else:
                if isinstance(v, str):
                    out = {"str": v.encode("utf-16-le", "surrogatepass").hex()}
                elif isinstance(v, bytes):
                    out = {"bytes": v.hex()}
                elif isinstance(v, int):
                    out = {"int": format(v, "x")}
                elif isinstance(v, float):
                    out = {"float": bits(v)}
                elif isinstance(v, complex):
                    out = {"complex": bits(v.imag), "real": bits(v.real)}
                else:
                    out = {"other": repr(type(v))}
            print(json.dumps(out, ensure_ascii=True))
        """;

    private static List<JsonElement> RunOracle(string python, IReadOnlyList<string> sources)
    {
        string script = Path.Combine(Path.GetTempPath(), $"podlint-literal-oracle-{Environment.ProcessId}-{Guid.NewGuid():N}.py");
        File.WriteAllText(script, OracleScript);
        try
        {
            var psi = new ProcessStartInfo(python, [script])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardInputEncoding = new UTF8Encoding(false),
                StandardOutputEncoding = Encoding.UTF8,
            };
            psi.Environment["PYENV_VERSION"] = "3.13.0";
            psi.Environment["PYTHONIOENCODING"] = "utf-8";
            using var p = Process.Start(psi)!;
            var stdoutTask = p.StandardOutput.ReadToEndAsync();
            var stderrTask = p.StandardError.ReadToEndAsync();
            var options = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default };
            foreach (string source in sources)
                p.StandardInput.WriteLine(JsonSerializer.Serialize(source, options));
            p.StandardInput.Close();
            string stdout = stdoutTask.GetAwaiter().GetResult();
            string stderr = stderrTask.GetAwaiter().GetResult();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, stderr);
            var results = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
            Assert.Equal(sources.Count, results.Count);
            return results;
        }
        finally
        {
            File.Delete(script);
        }
    }

    private sealed record Case(string Source, string Kind, string Body, bool Raw);

    [SkippableFact]
    public void MatchesCPython()
    {
        CPythonOracle.RequireOrSkip();
        string? python = CPythonOracle.Interpreter;

        var cases = new List<Case>();
        var random = new Random(20240613);
        for (int i = 0; i < 6000; i++)
            cases.Add(MakeStr(random, raw: random.Next(6) == 0));
        for (int i = 0; i < 2000; i++)
            cases.Add(MakeBytes(random, raw: random.Next(6) == 0));
        for (int i = 0; i < 6000; i++)
            cases.Add(MakeNumber(random));
        AddNameCases(cases, random);
        AddNumberEdges(cases);

        var expected = RunOracle(python!, cases.Select(c => c.Source).ToList());
        var failures = new List<string>();
        for (int i = 0; i < cases.Count; i++)
        {
            string? problem = Compare(cases[i], expected[i]);
            if (problem is not null)
                failures.Add($"{JsonSerializer.Serialize(cases[i].Source)}: {problem}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches of {cases.Count}:\n" + string.Join("\n", failures.Take(40)));
    }

    private static string? Compare(Case c, JsonElement oracle)
    {
        string? oracleError = oracle.TryGetProperty("error", out var e) ? e.GetString() : null;
        bool ok;
        LiteralError error;
        string actual;
        switch (c.Kind)
        {
            case "str":
                ok = PythonLiterals.TryDecodeStr(c.Body, c.Raw, out string s, out error);
                actual = ok ? Convert.ToHexStringLower(MemoryMarshal.AsBytes(s.AsSpan())) : "";
                if (ok && oracle.TryGetProperty("str", out var os))
                    return os.GetString() == actual ? null : $"value {actual} != {os.GetString()}";
                break;
            case "bytes":
                ok = PythonLiterals.TryDecodeBytes(c.Body, c.Raw, out byte[] b, out error);
                actual = ok ? Convert.ToHexStringLower(b) : "";
                if (ok && oracle.TryGetProperty("bytes", out var ob))
                    return ob.GetString() == actual ? null : $"value {actual} != {ob.GetString()}";
                break;
            default:
                ok = PythonLiterals.TryParseNumber(c.Body, out object v, out error);
                actual = ok ? Describe(v) : "";
                if (ok && oracleError is null)
                {
                    string want = oracle.TryGetProperty("int", out var oi) ? "int " + oi.GetString()
                        : oracle.TryGetProperty("float", out var of) ? "float " + of.GetString()
                        : oracle.TryGetProperty("complex", out var oc) ? "complex " + oc.GetString() + " real " + oracle.GetProperty("real").GetString()
                        : oracle.ToString();
                    return want == actual ? null : $"value {actual} != {want}";
                }
                break;
        }
        if (ok)
            return $"decoded ({actual}) but CPython says {oracle}";
        if (oracleError is null)
            return $"error '{error.Message}' but CPython says {oracle}";
        return oracleError == error.Message ? null : $"error '{error.Message}' != '{oracleError}'";
    }

    private static string Bits(double d) => ((ulong)BitConverter.DoubleToInt64Bits(d)).ToString("x16", CultureInfo.InvariantCulture);

    private static string Describe(object v) => v switch
    {
        BigInteger i => "int " + HexOf(i),
        double d => "float " + Bits(d),
        PyComplex c => "complex " + Bits(c.Imag) + " real " + Bits(0.0),
        _ => v.GetType().Name,
    };

    private static string HexOf(BigInteger i)
    {
        // BigInteger's "x" format is two's complement: a negative value would print like a positive one.
        if (i.Sign < 0)
            return "-" + HexOf(-i);
        string hex = i.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
        return hex.Length == 0 ? "0" : hex;
    }

    // ---- generators ----

    private static readonly string[] SimpleEscapes = [@"\\", @"\'", @"\""", @"\a", @"\b", @"\f", @"\n", @"\r", @"\t", @"\v"];
    private static readonly string[] UnknownEscapes = [@"\d", @"\8", @"\9", @"\q", @"\ ", @"\{", "\\\u00e9", "\\\U0001F600", @"\X", @"\c"];
    private static readonly string[] LineBreaks = ["\n", "\r\n", "\r"];

    private static string RandomText(Random r, bool asciiOnly)
    {
        var sb = new StringBuilder();
        int n = r.Next(1, 4);
        for (int i = 0; i < n; i++)
        {
            int kind = asciiOnly ? 0 : r.Next(4);
            int cp = kind switch
            {
                0 => r.Next(0x20, 0x7F),
                1 => r.Next(0x80, 0x800),
                2 => r.Next(0x800, 0x10000),
                _ => r.Next(0x10000, 0x110000),
            };
            if (cp is '"' or '\\' || cp is >= 0xD800 and <= 0xDFFF)
                cp = 'x';
            sb.Append(char.ConvertFromUtf32(cp));
        }
        return sb.ToString();
    }

    private static string Hex(Random r, int digits, int max)
    {
        int v = r.Next(0, max + 1);
        string s = v.ToString(digits == 2 ? "x2" : digits == 4 ? "x4" : "x8", CultureInfo.InvariantCulture);
        return r.Next(2) == 0 ? s.ToUpperInvariant() : s;
    }

    private static string RandomFragment(Random r, bool bytes, bool allowErrors)
    {
        int kind = r.Next(allowErrors ? 15 : 13);
        switch (kind)
        {
            case 0: case 1: return RandomText(r, asciiOnly: bytes || r.Next(2) == 0);
            case 2: return SimpleEscapes[r.Next(SimpleEscapes.Length)];
            case 3:
            {
                int digits = r.Next(1, 4);
                var sb = new StringBuilder("\\");
                for (int i = 0; i < digits; i++)
                    sb.Append((char)('0' + r.Next(8)));
                return sb.ToString() + (r.Next(3) == 0 ? (char)('0' + r.Next(10)) : "");
            }
            case 4: return @"\x" + Hex(r, 2, 0xFF);
            case 5: return @"\u" + Hex(r, 4, 0xFFFF);
            case 6: return @"\U" + Hex(r, 8, r.Next(3) == 0 ? 0x10FFFF : 0xFFFF);
            case 7: return @"\U" + Hex(r, 8, 0x10FFFF);
            case 8: return UnknownEscapes[r.Next(UnknownEscapes.Length)];
            case 9: return "\\" + LineBreaks[r.Next(3)];
            case 10: return LineBreaks[r.Next(3)];
            case 11: case 12:
            {
                var names = UnicodeNames.TableNames;
                var aliases = UnicodeNames.TableAliases;
                string name = r.Next(8) == 0 ? aliases[r.Next(aliases.Count)].Name : names[r.Next(names.Count)].Name;
                if (r.Next(4) == 0)
                    name = name.ToLowerInvariant();
                return @"\N{" + name + "}";
            }
            case 13:
            {
                string[] bad = [@"\x", @"\x4", @"\xg1", @"\u12", @"\u", @"\U1234567", @"\U00110000", @"\UFFFFFFFF", @"\N", @"\N{}", @"\Nx",
                    @"\N{NOT A NAME}", @"\N{ SNOWMAN}", @"\N{KEYCAP NUMBER SIGN}", @"\N{cjk unified ideograph-4e00}", @"\N{HANGUL SYLLABLE XX}",
                    "\\N{SNOWMAN\u00e9}", @"\N{CJK UNIFIED IDEOGRAPH-2A6E0}", @"\N{TANGUT IDEOGRAPH-17000}"];
                return bad[r.Next(bad.Length)];
            }
            default:
                return bytes ? "\u00e9" : @"\N{SNOW" + RandomText(r, false) + "}";
        }
    }

    private static Case MakeStr(Random r, bool raw)
    {
        var body = new StringBuilder();
        bool allowErrors = r.Next(8) == 0;
        int n = r.Next(0, 8);
        for (int i = 0; i < n; i++)
            body.Append(RandomFragment(r, bytes: false, allowErrors && i == n - 1));
        string b = body.ToString();
        string prefix = raw ? (r.Next(2) == 0 ? "r" : "R") : (r.Next(5) == 0 ? "u" : "");
        return new Case($"{prefix}\"\"\"{b}\"\"\"", "str", b, raw);
    }

    private static Case MakeBytes(Random r, bool raw)
    {
        var body = new StringBuilder();
        bool allowErrors = r.Next(3) == 0;
        int n = r.Next(0, 8);
        for (int i = 0; i < n; i++)
        {
            string f = RandomFragment(r, bytes: true, allowErrors && i == n - 1);
            // Non-ASCII only from the deliberate error fragment.
            if (!allowErrors && f.Any(ch => ch >= 0x80))
                f = @"\x7f";
            body.Append(f);
        }
        string b = body.ToString();
        string prefix = raw ? (r.Next(2) == 0 ? "rb" : "Br") : "b";
        return new Case($"{prefix}\"\"\"{b}\"\"\"", "bytes", b, raw);
    }

    private static string Digits(Random r, string alphabet, int count, bool underscores)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            if (underscores && i > 0 && r.Next(5) == 0)
                sb.Append('_');
            sb.Append(alphabet[r.Next(alphabet.Length)]);
        }
        return sb.ToString();
    }

    private static int Length(Random r) => r.Next(10) switch
    {
        < 5 => r.Next(1, 6),
        < 8 => r.Next(1, 30),
        < 9 => r.Next(1, 400),
        _ => r.Next(4250, 4350),
    };

    private static Case MakeNumber(Random r)
    {
        bool u = r.Next(3) == 0;
        string text;
        switch (r.Next(8))
        {
            case 0:
            case 1:
            {
                string d = Digits(r, "0123456789", Length(r), u);
                text = d[0] == '0' ? "1" + d : d;
                if (r.Next(20) == 0)
                    text = string.Join(u ? "_" : "", Enumerable.Repeat("0", r.Next(1, 5)));
                break;
            }
            case 2:
                text = (r.Next(2) == 0 ? "0x" : "0X") + (u ? "_" : "") + Digits(r, "0123456789abcdefABCDEF", Length(r), u);
                break;
            case 3:
                text = (r.Next(2) == 0 ? "0o" : "0O") + Digits(r, "01234567", Length(r), u);
                break;
            case 4:
                text = (r.Next(2) == 0 ? "0b" : "0B") + Digits(r, "01", Length(r) * 2, u);
                break;
            default:
            {
                string intPart = r.Next(4) == 0 ? "" : Digits(r, "0123456789", r.Next(1, r.Next(3) == 0 ? 400 : 20), u);
                string fracPart = Digits(r, "0123456789", r.Next(intPart.Length == 0 ? 1 : 0, 25), u);
                bool dot = intPart.Length == 0 || fracPart.Length > 0 || r.Next(2) == 0;
                string exp = "";
                if (r.Next(2) == 0 || !dot)
                {
                    exp = (r.Next(2) == 0 ? "e" : "E") + (r.Next(3) switch { 0 => "", 1 => "+", _ => "-" })
                        + r.Next(0, r.Next(2) == 0 ? 30 : 400).ToString(CultureInfo.InvariantCulture);
                }
                text = intPart + (dot ? "." : "") + fracPart + exp;
                if (r.Next(3) == 0)
                    text += r.Next(2) == 0 ? "j" : "J";
                break;
            }
        }
        if (r.Next(10) == 0 && text.All(char.IsAsciiDigit))
            text += "j";
        return new Case(text, "number", text, false);
    }

    private static void AddNumberEdges(List<Case> cases)
    {
        void Add(string text) => cases.Add(new Case(text, "number", text, false));
        for (int digits = 1; digits <= 40; digits++)
        {
            Add(new string('9', digits));
            Add("1" + new string('0', digits - 1));
            Add("0x" + new string('f', digits));
            Add("0o" + new string('7', digits));
            Add("0b" + new string('1', digits * 2));
            Add("0b1" + new string('0', digits * 2));
        }
        BigInteger[] edges = [long.MaxValue, (BigInteger)long.MaxValue + 1, ulong.MaxValue, (BigInteger)ulong.MaxValue + 1, BigInteger.Pow(10, 18), BigInteger.Pow(2, 100)];
        foreach (var e in edges)
        {
            foreach (var d in new[] { e - 1, e, e + 1 })
            {
                Add(d.ToString(CultureInfo.InvariantCulture));
                Add("0x" + d.ToString("x", CultureInfo.InvariantCulture));
            }
        }
        foreach (string f in new[] { "1e400", "1e-400", "4.9e-324", "2.4703282292062328e-324", "2.4703282292062327e-324", "1.7976931348623158e+308",
            "1.7976931348623159e+308", "0.1", "0.30000000000000004", "9007199254740993", "9007199254740993.0", "1.", ".5", "0.0", "00.0e0", "1_0.0_1e+1_0", "1e3j", "1.5J", "0j", "00j", "0_0j" })
        {
            Add(f);
        }
        Add(new string('0', 5000));
        Add(new string('1', 4300));
        Add(new string('1', 4301));
        Add(string.Join("_", Enumerable.Repeat("1", 4301)));
        Add(new string('1', 4301) + "j");
        Add(new string('1', 4301) + ".0");
        Add("0x" + new string('f', 6000));
    }

    private static void AddNameCases(List<Case> cases, Random r)
    {
        void Add(string body) => cases.Add(new Case($"\"{body}\"", "str", body, false));
        // Every alias, boundary and algorithmic name family.
        foreach (var (_, alias) in UnicodeNames.TableAliases)
            Add(@"\N{" + alias + "}");
        int[] cjkEdges = [0x33FF, 0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00, 0x9FFF, 0xA000, 0x1FFFF, 0x20000, 0x2A6DF, 0x2A6E0, 0x2A6FF, 0x2A700, 0x2B739, 0x2B73A,
            0x2B73F, 0x2B740, 0x2B81D, 0x2B81E, 0x2B81F, 0x2B820, 0x2CEA1, 0x2CEA2, 0x2CEAF, 0x2CEB0, 0x2EBE0, 0x2EBE1, 0x2EBEF, 0x2EBF0, 0x2EE5D, 0x2EE5E,
            0x2FFFF, 0x30000, 0x3134A, 0x3134B, 0x3134F, 0x31350, 0x323AF, 0x323B0, 0xF900, 0x17000, 0x18B00, 0x1B170];
        foreach (int cp in cjkEdges)
        {
            Add($@"\N{{CJK UNIFIED IDEOGRAPH-{cp:X4}}}");
            Add($@"\N{{CJK UNIFIED IDEOGRAPH-{cp:X5}}}");
            Add($@"\N{{CJK UNIFIED IDEOGRAPH-{cp:x4}}}");
        }
        for (int i = 0; i < 300; i++)
            Add($@"\N{{CJK UNIFIED IDEOGRAPH-{r.Next(0x3400, 0x32400):X}}}");
        // Hangul: every syllable in a few large bodies, plus case variants.
        var sb = new StringBuilder();
        string[] l = ["G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P", "H"];
        string[] v = ["A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE", "WI", "YU", "EU", "YI", "I"];
        string[] t = ["", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M", "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"];
        foreach (string a in l)
        {
            sb.Clear();
            foreach (string b in v)
                foreach (string c in t)
                    sb.Append(@"\N{HANGUL SYLLABLE ").Append(a).Append(b).Append(c).Append('}');
            Add(sb.ToString());
        }
        string[] oddHangul = ["HANGUL SYLLABLE ", "HANGUL SYLLABLE G", "HANGUL SYLLABLE GAGG", "HANGUL SYLLABLE GAGGX", "HANGUL SYLLABLE ga", "Hangul Syllable GA", "HANGUL SYLLABLE  GA", "HANGUL SYLLABLE YI", "HANGUL SYLLABLE WAELH"];
        foreach (string name in oddHangul)
            Add(@"\N{" + name + "}");
        // Every table name once, in bodies of a few hundred names.
        var names = UnicodeNames.TableNames;
        for (int start = 0; start < names.Count; start += 300)
        {
            sb.Clear();
            for (int k = start; k < Math.Min(names.Count, start + 300); k++)
                sb.Append(@"\N{").Append(k % 3 == 0 ? names[k].Name.ToLowerInvariant() : names[k].Name).Append('}');
            Add(sb.ToString());
        }
    }
}
