using System.Collections.Immutable;

namespace PodLint.Syntax.Python.Ast;

// The value of a Constant (or MatchSingleton) node is one of:
//   string (str), PyCodePoints (a str that a .NET string cannot hold faithfully), PyBytes (bytes), System.Numerics.BigInteger (int), double (float),
//   PyComplex (an imaginary literal), bool, null (None), PyEllipsis.Value (...).

/// <summary>A <c>bytes</c> constant.</summary>
public sealed record PyBytes(ImmutableArray<byte> Value)
{
    public bool Equals(PyBytes? other) => other is not null && Value.AsSpan().SequenceEqual(other.Value.AsSpan());
    public override int GetHashCode() => Value.Length;
}

/// <summary>An imaginary literal such as <c>2j</c>: CPython stores <c>complex(0, Imag)</c>.</summary>
public readonly record struct PyComplex(double Imag);

/// <summary>The <c>...</c> constant.</summary>
public sealed class PyEllipsis
{
    public static readonly PyEllipsis Value = new();
    private PyEllipsis() { }
    public override string ToString() => "Ellipsis";
}

/// <summary>
/// A <c>str</c> constant in which surrogate code points written as escapes sit next to each other, as in
/// <c>"\ud83d\ude00"</c>: CPython keeps two code points, while a .NET string would read the pair as one
/// character. Such (rare) values are kept as their code points.
/// </summary>
public sealed record PyCodePoints(ImmutableArray<int> Value)
{
    public bool Equals(PyCodePoints? other) => other is not null && Value.AsSpan().SequenceEqual(other.Value.AsSpan());
    public override int GetHashCode() => Value.Length;

    /// <summary>The UTF-16 text (where the distinction between a pair and two escapes is lost).</summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        foreach (int cp in Value)
        {
            if (cp is >= 0xD800 and <= 0xDFFF) sb.Append((char)cp);
            else sb.Append(char.ConvertFromUtf32(cp));
        }
        return sb.ToString();
    }
}
