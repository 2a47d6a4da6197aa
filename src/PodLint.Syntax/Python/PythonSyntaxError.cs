namespace PodLint.Syntax.Python;

/// <summary>
/// A located syntax error. <see cref="Lineno"/> is 1-based; <see cref="ColOffset"/> is 0-based in UTF-8
/// bytes of the line, like a node's col_offset. End positions are optional.
/// </summary>
public sealed record PythonSyntaxError(string Message, int Lineno, int ColOffset, int? EndLineno = null, int? EndColOffset = null)
{
    public override string ToString() => $"{Lineno}:{ColOffset}: {Message}";
}
