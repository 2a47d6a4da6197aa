namespace PodLint.Syntax.Python.Literals;

/// <summary>The letters in front of a string literal's opening quote.</summary>
[Flags]
public enum StringPrefix
{
    None = 0,
    /// <summary><c>r</c> / <c>R</c>: backslashes are not escapes.</summary>
    Raw = 1,
    /// <summary><c>b</c> / <c>B</c>: a bytes literal.</summary>
    Bytes = 2,
    /// <summary><c>u</c> / <c>U</c>: no effect on the value (Constant.kind is "u").</summary>
    Unicode = 4,
    /// <summary><c>f</c> / <c>F</c>: an f-string.</summary>
    Format = 8,
}

/// <summary>A literal that cannot be decoded. <see cref="Offset"/> is the UTF-16 index in the input span
/// where the problem starts (for escapes: the backslash).</summary>
public readonly record struct LiteralError(string Message, int Offset);
