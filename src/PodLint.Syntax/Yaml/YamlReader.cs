using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Readers;
using PodLint.Syntax.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PodLint.Syntax.Yaml;

/// <summary>
/// A YAML stream read with spans. <see cref="Documents"/> holds every document completed before an error;
/// <see cref="Error"/> is the located reason reading stopped (null on success); <see cref="Warnings"/> are
/// problems that did not stop it (repeated keys).
/// </summary>
public sealed class YamlFile
{
    internal YamlFile(SourceText? text, IReadOnlyList<YamlDocument> documents, ReaderError? error, IReadOnlyList<ReaderError> warnings)
    {
        Text = text;
        Documents = documents;
        Error = error;
        Warnings = warnings;
    }

    /// <summary>The decoded text (null when the bytes were refused before parsing).</summary>
    public SourceText? Text { get; }
    public IReadOnlyList<YamlDocument> Documents { get; }
    public ReaderError? Error { get; }
    public IReadOnlyList<ReaderError> Warnings { get; }

    /// <summary>The first document, or null.</summary>
    public YamlDocument? Document => Documents.Count > 0 ? Documents[0] : null;
}

/// <summary>
/// Builds <see cref="YamlFile"/>s from YamlDotNet's event parser. Never throws on bad input: size, binary,
/// encoding, syntax, depth and alias-expansion problems end in <see cref="YamlFile.Error"/>.
/// Helm placeholders written unquoted after <c>key: </c> or <c>- </c> (<c>image: {{ .Values.x }}</c>) are read
/// as plain scalars holding the placeholder text; standalone template lines (<c>{{- if ... }}</c>) are not
/// YAML and give a located syntax error.
/// </summary>
public static class YamlReader
{
    private const char Mask = '\uE000';

    public static YamlFile Read(byte[] bytes, ReaderLimits? limits = null)
    {
        var (text, error) = DeployText.Decode(bytes, limits);
        return text is null ? new YamlFile(null, [], error, []) : Read(text, limits);
    }

    public static YamlFile Read(string text, ReaderLimits? limits = null)
    {
        var (st, error) = DeployText.FromString(text, limits);
        return st is null ? new YamlFile(null, [], error, []) : Read(st, limits);
    }

    public static YamlFile Read(SourceText text, ReaderLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= ReaderLimits.Default;
        if (text.Text.Length > limits.MaxBytes)
            return new YamlFile(text, [], new ReaderError(ReaderErrorKind.TooLarge, $"text is larger than the {limits.MaxBytes} limit", Ranges.Make(text, 0, 0)), []);
        int nul = text.Text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
            return new YamlFile(text, [], new ReaderError(ReaderErrorKind.Binary, "binary content (NUL character); not a text file", Ranges.Make(text, nul, nul)), []);
        return new Builder(text, limits).Run();
    }

    /// <summary>
    /// Spans of <c>{{ ... }}</c> placeholders (on one line) standing where a value starts: after <c>: </c> or <c>- </c>.
    /// They are replaced by same-length private-use characters before parsing so YAML reads a plain scalar;
    /// offsets are unchanged, and scalar values are restored from the original text.
    /// </summary>
    internal static List<(int Start, int End)> FindPlaceholders(string s)
    {
        var list = new List<(int, int)>();
        if (s.Contains(Mask)) return list;
        int i = 0;
        while ((i = s.IndexOf("{{", i, StringComparison.Ordinal)) >= 0)
        {
            int close = s.IndexOf("}}", i + 2, StringComparison.Ordinal);
            int eol = s.IndexOfAny(['\n', '\r'], i);
            if (close < 0) break;
            if (eol >= 0 && close > eol) { i = eol; continue; }
            int j = i - 1;
            while (j >= 0 && s[j] is ' ' or '\t') j--;
            // A value position: "key: {{" or "- {{" (a space between the indicator and the braces).
            bool valueStart = j >= 0 && j < i - 1
                && (s[j] == ':' || (s[j] == '-' && (j == 0 || s[j - 1] is ' ' or '\t' or '\n' or '\r')));
            if (valueStart) list.Add((i, close + 2));
            i = close + 2;
        }
        return list;
    }

    private sealed class Frame
    {
        public required bool IsMapping;
        public required int Start;
        public required int PropsStart;
        public string? Anchor;
        public string? Tag;
        public bool IsFlow;
        public long Expanded = 1;
        public readonly List<YamlNode> Children = [];
    }

    private sealed class Builder(SourceText text, ReaderLimits limits)
    {
        private readonly string _s = text.Text;
        private readonly List<YamlDocument> _docs = [];
        private readonly List<ReaderError> _warnings = [];
        private readonly Dictionary<string, YamlNode?> _anchors = new(StringComparer.Ordinal); // null = still open
        private readonly Stack<Frame> _stack = new();
        private List<(int Start, int End)> _masks = [];
        private YamlNode? _root;
        private long _docTotal;
        private bool _docHasAlias;
        private int _docStart;

        public YamlFile Run()
        {
            _masks = FindPlaceholders(_s);
            string input = _s;
            if (_masks.Count > 0)
            {
                var chars = _s.ToCharArray();
                foreach (var (a, b) in _masks)
                    for (int k = a; k < b; k++) chars[k] = Mask;
                input = new string(chars);
            }
            int lastOffset = 0;
            try
            {
                var parser = new Parser(new StringReader(input));
                while (parser.MoveNext())
                {
                    var ev = parser.Current!;
                    lastOffset = Off(ev.Start);
                    var err = Handle(ev);
                    if (err is not null) return Done(err);
                }
                return Done(null);
            }
            catch (YamlException ex)
            {
                int at = Off(ex.Start);
                string msg = ex.Message;
                if (LooksTemplated(at)) msg += " (the file holds Helm template directives such as '{{- if ... }}', which are not YAML; only values files can be read)";
                return Done(new ReaderError(ReaderErrorKind.Syntax, msg, Ranges.Make(text, at, Math.Max(at, Off(ex.End)))));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return Done(new ReaderError(ReaderErrorKind.Syntax, "YAML reader failed: " + ex.Message, Ranges.Make(text, lastOffset, lastOffset)));
            }
        }

        private YamlFile Done(ReaderError? error) => new(text, _docs, error, _warnings);

        private int Off(Mark m) => (int)Math.Clamp(m.Index, 0L, _s.Length);

        private bool LooksTemplated(int at)
        {
            int line = text.LineOf(Math.Min(at, _s.Length));
            for (int l = Math.Max(1, line - 3); l <= Math.Min(text.LineCount, line + 1); l++)
                if (text.LineText(l).TrimStart().StartsWith("{{", StringComparison.Ordinal)) return true;
            return false;
        }

        private ReaderError? Handle(ParsingEvent ev)
        {
            switch (ev)
            {
                case DocumentStart:
                    _anchors.Clear();
                    _root = null;
                    _docTotal = 0;
                    _docHasAlias = false;
                    _docStart = Off(ev.Start);
                    return null;
                case DocumentEnd:
                    _docs.Add(new YamlDocument(_docs.Count, _root, Ranges.Make(text, _docStart, Math.Max(_docStart, Off(ev.End)))) { Text = text });
                    return null;
                case Scalar sc:
                    return Add(MakeScalar(sc), ev);
                case AnchorAlias al:
                    {
                        var r = Ranges.Make(text, Off(al.Start), Off(al.End));
                        string name = al.Value.Value;
                        if (!_anchors.TryGetValue(name, out var target))
                            return new ReaderError(ReaderErrorKind.UnknownAlias, $"alias '*{name}' refers to no anchor defined before it", r);
                        if (target is null)
                            return new ReaderError(ReaderErrorKind.AliasExpansion, $"alias '*{name}' refers to a node that contains it (recursive alias)", r);
                        _docHasAlias = true;
                        return Add(new YamlAlias(r, name, target), ev);
                    }
                case MappingStart ms:
                    return Open(true, ms.Anchor, ms.Tag, ms.Style == MappingStyle.Flow, ev);
                case SequenceStart ss:
                    return Open(false, ss.Anchor, ss.Tag, ss.Style == SequenceStyle.Flow, ev);
                case MappingEnd:
                case SequenceEnd:
                    {
                        var f = _stack.Pop();
                        // Block collections end with their last child (the event's mark sits at the next token,
                        // past trailing comments); flow collections end after their closing bracket.
                        int end = !f.IsFlow && f.Children.Count > 0 ? f.Children[^1].Range.End : Off(ev.End);
                        end = Math.Max(f.Start, end);
                        var range = Ranges.Make(text, f.Start, end);
                        YamlNode node;
                        if (f.IsMapping)
                        {
                            var entries = new List<YamlEntry>(f.Children.Count / 2);
                            var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
                            for (int i = 0; i + 1 < f.Children.Count; i += 2)
                            {
                                var e = new YamlEntry(f.Children[i], f.Children[i + 1]);
                                if (e.KeyText is { } k && k != "<<" && !seen.TryAdd(k, e.Key))
                                {
                                    var first = seen[k].Range;
                                    _warnings.Add(new ReaderError(ReaderErrorKind.Duplicate,
                                        $"key '{k}' given twice (first at {first.Lineno}:{first.ColOffset + 1}); YAML forbids it, Helm silently keeps the last value and tools that read values strictly reject the file",
                                        e.Key.Range));
                                }
                                entries.Add(e);
                            }
                            node = new YamlMapping(range, f.PropsStart, f.Anchor, f.Tag, f.IsFlow, entries, f.Expanded);
                        }
                        else node = new YamlSequence(range, f.PropsStart, f.Anchor, f.Tag, f.IsFlow, f.Children, f.Expanded);
                        if (f.Anchor is not null) _anchors[f.Anchor] = node;
                        return Attach(node, ev);
                    }
                default:
                    return null;
            }
        }

        private ReaderError? Open(bool mapping, AnchorName anchor, TagName tag, bool flow, ParsingEvent ev)
        {
            int props = Off(ev.Start);
            int start = SkipProperties(props, !anchor.IsEmpty, !tag.IsEmpty);
            if (_stack.Count >= limits.MaxDepth)
                return new ReaderError(ReaderErrorKind.TooDeep, $"nesting deeper than {limits.MaxDepth} levels", Ranges.Make(text, start, start));
            string? a = anchor.IsEmpty ? null : anchor.Value;
            if (a is not null) _anchors[a] = null;
            _stack.Push(new Frame { IsMapping = mapping, Start = start, PropsStart = props, Anchor = a, Tag = tag.IsEmpty ? null : tag.Value, IsFlow = flow });
            return Count(1, ev);
        }

        private ReaderError? Add(YamlNode node, ParsingEvent ev)
        {
            if (node is YamlScalar { Anchor: { } a }) _anchors[a] = node;
            var err = Count(node.ExpandedCount, ev);
            return err ?? Attach(node, ev);
        }

        private ReaderError? Count(long n, ParsingEvent ev)
        {
            _docTotal += n;
            if (_docTotal > limits.MaxExpandedNodes)
            {
                int at = Off(ev.Start);
                var range = Ranges.Make(text, at, Math.Max(at, Off(ev.End)));
                return _docHasAlias
                    ? new ReaderError(ReaderErrorKind.AliasExpansion,
                        $"document expands to more than {limits.MaxExpandedNodes} nodes once aliases are resolved (alias bomb?)", range)
                    : new ReaderError(ReaderErrorKind.TooLarge, $"document has more than {limits.MaxExpandedNodes} nodes; not read", range);
            }
            return null;
        }

        private ReaderError? Attach(YamlNode node, ParsingEvent ev)
        {
            if (_stack.Count == 0) { _root = node; return null; }
            var parent = _stack.Peek();
            parent.Children.Add(node);
            parent.Expanded += node.ExpandedCount;
            return null;
        }

        private YamlScalar MakeScalar(Scalar sc)
        {
            int props = Off(sc.Start);
            int start = SkipProperties(props, !sc.Anchor.IsEmpty, !sc.Tag.IsEmpty);
            int end = Math.Max(start, Off(sc.End));
            var range = Ranges.Make(text, start, end);
            string raw = _s.Substring(start, end - start);
            string value = sc.Value;
            bool placeholder = false;
            if (value.Contains(Mask)) value = Unmask(value, start, end);
            var style = sc.Style switch
            {
                ScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
                ScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
                ScalarStyle.Literal => YamlScalarStyle.Literal,
                ScalarStyle.Folded => YamlScalarStyle.Folded,
                _ => YamlScalarStyle.Plain,
            };
            if (style == YamlScalarStyle.Plain && raw.StartsWith("{{", StringComparison.Ordinal) && raw.EndsWith("}}", StringComparison.Ordinal)) placeholder = true;
            return new YamlScalar(range, props, sc.Anchor.IsEmpty ? null : sc.Anchor.Value, sc.Tag.IsEmpty ? null : sc.Tag.Value, value, style, raw)
            {
                IsTemplatePlaceholder = placeholder,
            };
        }

        // Replace runs of mask characters in a value by the placeholder texts inside [start, end), in order.
        private string Unmask(string value, int start, int end)
        {
            var sb = new System.Text.StringBuilder(value.Length);
            int m = _masks.FindIndex(x => x.Start >= start);
            int i = 0;
            while (i < value.Length)
            {
                if (value[i] == Mask && m >= 0 && m < _masks.Count && _masks[m].Start < end)
                {
                    var (a, b) = _masks[m];
                    sb.Append(_s, a, b - a);
                    i += b - a;
                    m++;
                }
                else sb.Append(value[i++]);
            }
            return sb.ToString();
        }

        // YamlDotNet's node start includes "&anchor" and "!tag"; the node's own text starts after them.
        private int SkipProperties(int at, bool hasAnchor, bool hasTag)
        {
            int i = at;
            for (int round = 0; round < 2; round++)
            {
                if (i < _s.Length && ((hasAnchor && _s[i] == '&') || (hasTag && _s[i] == '!')))
                {
                    while (i < _s.Length && !char.IsWhiteSpace(_s[i]) && _s[i] is not (',' or '[' or ']' or '{' or '}' )) i++;
                    while (i < _s.Length && char.IsWhiteSpace(_s[i])) i++;
                }
            }
            return i;
        }
    }
}
