namespace PodLint.Syntax.Python;

/// <summary>
/// A located syntax error, as CPython 3.13 reports it. <see cref="Lineno"/> is 1-based (CPython's
/// <c>lineno</c>); <see cref="ColOffset"/> is 0-based in UTF-8 bytes of the line (CPython's 1-based character
/// <c>offset</c>, turned into the byte column of that character). <see cref="Type"/> is the name of the exception
/// class CPython raises: <c>SyntaxError</c>, or its subclasses <c>IndentationError</c> and <c>TabError</c>.
/// End positions are optional (not filled for errors found by the error pass).
/// </summary>
public sealed record PythonSyntaxError(string Message, int Lineno, int ColOffset, int? EndLineno = null, int? EndColOffset = null)
{
    public const string SyntaxErrorType = "SyntaxError";
    public const string IndentationErrorType = "IndentationError";
    public const string TabErrorType = "TabError";

    /// <summary><see cref="SyntaxErrorType"/>, <see cref="IndentationErrorType"/> or <see cref="TabErrorType"/>.</summary>
    public string Type { get; init; } = SyntaxErrorType;

    public override string ToString() => $"{Lineno}:{ColOffset}: {Message}";
}
