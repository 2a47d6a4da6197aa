using PodLint.Rules.Engine;
using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Text;

namespace PodLint.Cli.Output;

/// <summary>
/// One edit of a fix: the replaced region as 1-based lines and code-point columns (end exclusive), the same
/// region as UTF-16 offset and length, and the text that replaces it.
/// </summary>
public sealed record FixRegion(int StartLine, int StartColumn, int EndLine, int EndColumn, int CharOffset, int CharLength, string InsertedText)
{
    /// <summary>1-based UTF-8 byte columns of the start and end (what reviewdog counts).</summary>
    public int Utf8StartColumn { get; init; } = StartColumn;

    public int Utf8EndColumn { get; init; } = EndColumn;
}

/// <summary>
/// A change a finding's fix makes to another file than its own (POD101's <c>airflow_local_settings.py</c>): the file
/// (display path), whether it is new, and the edits as regions of its current text (one insertion into an empty file
/// when new).
/// </summary>
public sealed record OtherFileChange(string Path, bool NewFile, string Description, IReadOnlyList<FixRegion> Regions)
{
    /// <summary>SARIF's applicability of the change: the rule's (<c>safe</c>, <c>unsafe</c>); a project fix is unsafe.</summary>
    public string Applicability { get; init; } = "unsafe";

    /// <summary>
    /// The change from <paramref name="before"/> (null: no such file) to <paramref name="after"/> as one region: what
    /// lies between their common start and common end. Null when either is not UTF-8.
    /// </summary>
    public static OtherFileChange? Create(string path, string description, byte[]? before, byte[] after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var strict = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true);
        string oldText, newText;
        try
        {
            oldText = before is null ? "" : strict.GetString(before);
            newText = strict.GetString(after);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return null;
        }
        int prefix = 0, max = Math.Min(oldText.Length, newText.Length);
        while (prefix < max && oldText[prefix] == newText[prefix]) prefix++;
        if (prefix > 0 && char.IsHighSurrogate(oldText[prefix - 1])) prefix--;
        int suffix = 0;
        while (suffix < max - prefix && oldText[^(suffix + 1)] == newText[^(suffix + 1)]) suffix++;
        if (suffix > 0 && char.IsLowSurrogate(oldText[^suffix])) suffix--;
        var source = new SourceText(oldText);
        int start = prefix, end = oldText.Length - suffix;
        var (sl, sc) = source.GetLineColumn(start);
        var (el, ec) = source.GetLineColumn(end);
        string inserted = newText[prefix..(newText.Length - suffix)];
        return new OtherFileChange(path, before is null, description, [new FixRegion(sl, sc, el, ec, start, end - start, inserted)]);
    }
}

/// <summary>
/// What a finding keeps beside its position, chosen by what the run will print (<see cref="OutputFormats.DetailFor"/>):
/// a large file's findings are cheaper without a copy of each source line and the fix's regions when no output reads them.
/// </summary>
[Flags]
public enum FindingDetail
{
    /// <summary>Position, diagnostic and noqa row only.</summary>
    None = 0,

    /// <summary><see cref="Finding.SourceLine"/>: snippets (full format) and line hashes (fingerprints, baselines).</summary>
    SourceLine = 1,

    /// <summary><see cref="Finding.FixRegions"/>: fix edits with line/column positions (JSON, SARIF, rdjson). Without it,
    /// the finding's <see cref="Finding.Fix"/> has no edits (unless they are in another module).</summary>
    FixRegions = 2,

    /// <summary>The title of the finding's fix: <c>help:</c> lines (the full format, <c>--show-fixes</c>) and fix messages
    /// (JSON, SARIF). Without it (and without <see cref="FixRegions"/>), the fix keeps its applicability alone.</summary>
    FixTitle = 4,

    All = SourceLine | FixRegions | FixTitle,
}

/// <summary>
/// A diagnostic ready to print: display path, 1-based rows and 1-based character columns (code points,
/// as ruff and editors count), the source line for snippets, and the row a <c># noqa</c> would go on.
/// <see cref="SourceLine"/> and <see cref="FixRegions"/> are there only when <see cref="Detail"/> says they were kept;
/// reading one that was not throws, so an output reading what its run did not keep fails loudly instead of printing less.
/// The diagnostic's parts are kept in the finding itself: a run holds every finding to its end, and one object per
/// finding is half the work for each collection that two were.
/// </summary>
public sealed record Finding
{
    private readonly string? _sourceLine;
    private readonly IReadOnlyList<FixRegion> _fixRegions = [];

    public Finding(string path, Diagnostic diagnostic, int row, int column, int endRow, int endColumn, string? sourceLine, int? noqaRow)
        : this(path, (diagnostic ?? throw new ArgumentNullException(nameof(diagnostic))).Fix, diagnostic, row, column, endRow, endColumn, sourceLine, noqaRow)
    {
    }

    /// <summary><paramref name="diagnostic"/> with <paramref name="fix"/> (what is kept of it) instead of its own.</summary>
    private Finding(string path, Fix? fix, Diagnostic diagnostic, int row, int column, int endRow, int endColumn, string? sourceLine, int? noqaRow)
    {
        Path = path;
        Code = diagnostic.Code;
        RuleName = diagnostic.RuleName;
        Severity = diagnostic.Severity;
        Message = diagnostic.Message;
        Range = diagnostic.Range;
        Fix = fix;
        Row = row;
        Column = column;
        EndRow = endRow;
        EndColumn = endColumn;
        _sourceLine = sourceLine;
        NoqaRow = noqaRow;
    }

    public string Path { get; init; }

    public string Code { get; }

    public string RuleName { get; }

    public Severity Severity { get; }

    public string Message { get; }

    /// <summary>The diagnostic's range (CPython positions and UTF-16 offsets in the file's text).</summary>
    public SourceRange Range { get; }

    /// <summary>The fix, without what <see cref="Detail"/> did not keep of it (see <see cref="FindingDetail.FixRegions"/>).</summary>
    public Fix? Fix { get; }

    public int Row { get; init; }

    public int Column { get; init; }

    public int EndRow { get; init; }

    public int EndColumn { get; init; }

    public int? NoqaRow { get; init; }

    /// <summary>The finding's diagnostic, made again from the parts kept (a new object each time).</summary>
    public Diagnostic Diagnostic => new(Code, RuleName, Severity, Message, Range, Fix);

    /// <summary>What was kept beside the position (everything for a finding built with the constructor).</summary>
    public FindingDetail Detail { get; init; } = FindingDetail.All;

    /// <summary>The finding's first source line (null without decoded text). Throws when not kept (<see cref="Detail"/>).</summary>
    public string? SourceLine
    {
        get => (Detail & FindingDetail.SourceLine) != 0 ? _sourceLine : throw NotKept(nameof(SourceLine));
        init => _sourceLine = value;
    }

    /// <summary>The fix's edits as 1-based line/column regions (empty without a fix or decoded text). Throws when not
    /// kept (<see cref="Detail"/>).</summary>
    public IReadOnlyList<FixRegion> FixRegions
    {
        get => (Detail & FindingDetail.FixRegions) != 0 ? _fixRegions : throw NotKept(nameof(FixRegions));
        init => _fixRegions = value;
    }

    /// <summary>What the finding's fix changes in other files (a project fix); empty for most rules.</summary>
    public IReadOnlyList<OtherFileChange> OtherFileChanges { get; init; } = [];

    private InvalidOperationException NotKept(string what) =>
        new($"{what} of {Code} at {Path}:{Row}:{Column} was not kept (detail: {Detail}); the output that reads it must be named in OutputFormats.DetailFor");

    // The generated ToString must not read what was not kept.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Path = {Path}, Code = {Code}, Row = {Row}, Column = {Column}, EndRow = {EndRow}, EndColumn = {EndColumn}, NoqaRow = {NoqaRow}, Detail = {Detail}");
        return true;
    }

    public static Finding Create(string path, Diagnostic d, SourceText? source) => Create(path, d, source, FindingDetail.All);

    /// <summary>The finding of <paramref name="d"/>, keeping only <paramref name="detail"/> beside its position.</summary>
    public static Finding Create(string path, Diagnostic d, SourceText? source, FindingDetail detail) => Create(path, d, source, detail, null);

    /// <summary><paramref name="previous"/>: the finding before this one in the same file, whose line copy is reused on the same row.</summary>
    private static Finding Create(string path, Diagnostic d, SourceText? source, FindingDetail detail, Finding? previous)
    {
        ArgumentNullException.ThrowIfNull(d);
        var fix = Lean(d.Fix, detail);
        var r = d.Range;
        if (source is null || r.Lineno < 1 || r.Lineno > source.LineCount)
        {
            // No decoded text (the file did not decode): CPython's byte columns are the best we have.
            int row = Math.Max(1, r.Lineno), col = Math.Max(0, r.ColOffset) + 1;
            return new Finding(path, fix, d, row, col, Math.Max(row, r.EndLineno), Math.Max(col, r.EndColOffset + 1), null, null) { Detail = detail };
        }
        int start = Math.Clamp(r.Start, 0, source.Text.Length);
        int end = Math.Clamp(r.End, start, source.Text.Length);
        var (sl, sc) = source.GetLineColumn(start);
        var (el, ec) = source.GetLineColumn(end);
        // POD001 and POD002 cannot be hidden by noqa (the file has no tokens, or it is a PodLint bug).
        int? noqa = d.Code is EngineCodes.SyntaxError or EngineCodes.RuleCrash or EngineCodes.CustomRuleError ? null : sl;
        string? line = (detail & FindingDetail.SourceLine) == 0 ? null
            : previous is { Row: var previousRow, _sourceLine: { } kept } && previousRow == sl ? kept : source.LineText(sl);
        return new Finding(path, fix, d, sl, sc, el, ec, line, noqa)
        {
            Detail = detail,
            FixRegions = (detail & FindingDetail.FixRegions) == 0 ? [] : Regions(fix, source),
        };
    }

    // One fix per applicability, for findings that keep nothing of their fix but that it exists (concise output...).
    private static readonly Fix[] s_bareFixes = [new("", FixApplicability.Safe, []), new("", FixApplicability.Unsafe, []), new("", FixApplicability.DisplayOnly, [])];

    /// <summary>
    /// <paramref name="fix"/> without what <paramref name="detail"/> does not keep of it: the edits without
    /// <see cref="FindingDetail.FixRegions"/>, the title too without <see cref="FindingDetail.FixTitle"/>. A run keeps
    /// tens of thousands of findings to the end; their edits would be copied by every collection for nothing. Edits
    /// of another module (<see cref="Fix.External"/>) are kept: the module fix stage applies them.
    /// </summary>
    private static Fix? Lean(Fix? fix, FindingDetail detail)
    {
        if (fix is not { External: null } || (detail & FindingDetail.FixRegions) != 0) return fix;
        if ((detail & FindingDetail.FixTitle) == 0) return s_bareFixes[(int)fix.Applicability];
        return fix.Edits.Count == 0 ? fix : new Fix(fix.Title, fix.Applicability, []);
    }

    /// <summary>
    /// The findings of one file's diagnostics, keeping <paramref name="detail"/>; findings on the same line share one
    /// copy of it.
    /// </summary>
    public static Finding[] CreateAll(string path, IReadOnlyList<Diagnostic> diagnostics, SourceText? source, FindingDetail detail)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var findings = new Finding[diagnostics.Count];
        for (int i = 0; i < findings.Length; i++) findings[i] = Create(path, diagnostics[i], source, detail, i > 0 ? findings[i - 1] : null);
        return findings;
    }

    private static int Utf8Column(SourceText source, int line, int offset) =>
        SourceText.Utf8Length(source.Text.AsSpan(source.LineStart(line), offset - source.LineStart(line))) + 1;

    private static FixRegion[] Regions(Fix? fix, SourceText source)
    {
        if (fix is null) return [];
        var regions = new FixRegion[fix.Edits.Count];
        for (int i = 0; i < regions.Length; i++)
        {
            var e = fix.Edits[i];
            int start = Math.Clamp(e.Start, 0, source.Text.Length);
            int end = Math.Clamp(e.End, start, source.Text.Length);
            var (sl, sc) = source.GetLineColumn(start);
            var (el, ec) = source.GetLineColumn(end);
            regions[i] = new FixRegion(sl, sc, el, ec, start, end - start, e.Replacement)
            {
                Utf8StartColumn = Utf8Column(source, sl, start),
                Utf8EndColumn = Utf8Column(source, el, end),
            };
        }
        return regions;
    }

    /// <summary>Path (ordinal), row, column, code, message: the one order of every output.</summary>
    public static int Compare(Finding a, Finding b)
    {
        int c = string.CompareOrdinal(a.Path, b.Path);
        if (c != 0) return c;
        c = a.Row.CompareTo(b.Row);
        if (c != 0) return c;
        c = a.Column.CompareTo(b.Column);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Code, b.Code);
        return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
    }
}
