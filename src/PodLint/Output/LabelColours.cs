using System.Text;

namespace PodLint.Cli.Output;

/// <summary>
/// Standard error with the label of each <c>podlint: warning:</c>, <c>podlint: note:</c> and <c>podlint: error:</c>
/// line coloured (bold yellow, bold cyan, bold red), the rest of the line and every other line unchanged. Lines are
/// held until their end (or <see cref="Flush"/>) so that a label split over several writes is still recognised.
/// </summary>
public sealed class LabelColours(TextWriter inner, Palette colors) : TextWriter
{
    private const string Prefix = "podlint: ";
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    /// <summary><paramref name="stderr"/> itself when <paramref name="colors"/> is off, else a colouring wrapper.</summary>
    public static TextWriter Wrap(TextWriter stderr, Palette colors) => colors.Enabled ? new LabelColours(stderr, colors) : stderr;

    /// <summary>The line with its label coloured (a line without one of the three labels is returned as it is).</summary>
    public static string Paint(string line, Palette colors)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal)) return line;
        int colon = line.IndexOf(':', Prefix.Length);
        if (colon < 0) return line;
        string label = line[Prefix.Length..colon];
        string? painted = label switch
        {
            "warning" => colors.Warning(label),
            "error" => colors.Error(label),
            "note" => colors.Help(label),
            _ => null,
        };
        return painted is null ? line : Prefix + painted + line[colon..];
    }

    public override void Write(char value)
    {
        if (value != '\n')
        {
            _line.Append(value);
            return;
        }
        inner.Write(Paint(_line.ToString(), colors) + "\n");
        _line.Clear();
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        foreach (char c in value) Write(c);
    }

    public override void Flush()
    {
        if (_line.Length > 0)
        {
            inner.Write(Paint(_line.ToString(), colors));
            _line.Clear();
        }
        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Flush();
        base.Dispose(disposing);
    }
}
