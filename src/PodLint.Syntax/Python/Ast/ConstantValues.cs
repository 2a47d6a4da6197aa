using System.Collections.Immutable;

namespace PodLint.Syntax.Python.Ast;

// The value of a Constant (or MatchSingleton) node is one of:
//   string (str), PyBytes (bytes), System.Numerics.BigInteger (int), double (float),
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
