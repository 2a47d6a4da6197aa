using PodLint.Syntax.Readers;
using PodLint.Syntax.Text;

namespace PodLint.Rules.Engine;

/// <summary>The findings the engine reports itself (<see cref="EngineCodes"/>): files it cannot read, rules that throw.</summary>
public static class EngineDiagnostics
{
    /// <summary>POD001 for a Python file that does not decode or parse, at the parser's position (CPython-style message).</summary>
    public static Diagnostic SyntaxError(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var e = parse.Error ?? throw new ArgumentException("the parse succeeded", nameof(parse));
        int start = 0;
        if (parse.Source is { } src && e.Lineno >= 1 && e.Lineno <= src.LineCount)
        {
            start = OffsetOfUtf8Column(src, e.Lineno, e.ColOffset);
        }
        var range = new SourceRange(start, start, e.Lineno, Math.Max(0, e.ColOffset), e.Lineno, Math.Max(0, e.ColOffset));
        return new Diagnostic(EngineCodes.SyntaxError, EngineCodes.SyntaxErrorName, Severity.Error, $"{e.Type}: {e.Message}", range);
    }

    /// <summary>POD001 for what a deployment-file reader refused (YAML or INI syntax, encoding, size, nesting...).</summary>
    public static Diagnostic ReaderError(ReaderError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(EngineCodes.SyntaxError, EngineCodes.SyntaxErrorName, Severity.Error, $"{KindLabel(error.Kind)}: {error.Message}", error.Range);
    }

    /// <summary>POD002: <paramref name="rule"/> threw <paramref name="ex"/>; for a custom rule, the line of its policy file.</summary>
    public static Diagnostic RuleCrash(Rule rule, Exception ex)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(ex);
        string message = rule.Metadata.Family == RuleFamily.Custom
            ? $"custom rule {rule.Code} ({rule.Metadata.Name}) failed: {ex.GetType().Name}: {ex.Message}{PolicyFrame(rule, ex)}"
            : $"rule {rule.Code} ({rule.Metadata.Name}) failed: {ex.GetType().Name}: {ex.Message}";
        return new(EngineCodes.RuleCrash, EngineCodes.RuleCrashName, Severity.Error, message, new SourceRange(0, 0, 1, 0, 1, 0));
    }

    /// <summary>" (at Policy.cs:23)": the innermost frame of the exception inside the policy's own code, when its debug information says where.</summary>
    private static string PolicyFrame(Rule rule, Exception ex)
    {
        string? assembly = rule.GetType().Assembly.FullName;
        foreach (var frame in new System.Diagnostics.StackTrace(ex, fNeedFileInfo: true).GetFrames())
        {
            if (System.Diagnostics.DiagnosticMethodInfo.Create(frame)?.DeclaringAssemblyName != assembly
                || frame.GetFileName() is not { } file || frame.GetFileLineNumber() <= 0) continue;
            return $" (at {System.IO.Path.GetFileName(file)}:{frame.GetFileLineNumber()})";
        }
        return "";
    }

    private static string KindLabel(ReaderErrorKind kind) => kind switch
    {
        ReaderErrorKind.TooLarge => "file too large",
        ReaderErrorKind.Binary => "binary file",
        ReaderErrorKind.InvalidEncoding => "invalid encoding",
        ReaderErrorKind.TooDeep => "nesting too deep",
        ReaderErrorKind.AliasExpansion => "alias expansion refused",
        ReaderErrorKind.UnknownAlias => "unknown alias",
        ReaderErrorKind.Duplicate => "duplicate",
        ReaderErrorKind.Malformed => "malformed line",
        _ => "syntax error",
    };

    private static int OffsetOfUtf8Column(SourceText src, int line, int utf8Col)
    {
        int offset = src.LineStart(line);
        int end = line < src.LineCount ? src.LineStart(line + 1) : src.Text.Length;
        int bytes = 0;
        while (offset < end && bytes < utf8Col)
        {
            char c = src.Text[offset];
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : char.IsHighSurrogate(c) ? 4 : 3;
            offset += char.IsHighSurrogate(c) ? 2 : 1;
        }
        return Math.Min(offset, src.Text.Length);
    }
}
