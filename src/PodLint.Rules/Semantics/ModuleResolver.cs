using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Text;

namespace PodLint.Rules.Semantics;

/// <summary>Where a value or operator defined in another module of the project is written: <c>common/images.py:4</c>.</summary>
public sealed record ExternalOrigin(string DisplayPath, int Line)
{
    /// <summary>The module's text as the project index read it (null when not known): the nodes of its tree index into it,
    /// so a fix of a value written there is made on this text.</summary>
    public SourceText? Source { get; init; }

    public override string ToString() => $"{DisplayPath}:{Line}";
}

/// <summary>A name of another module of the project, as the importing module sees it.</summary>
public abstract record ExternalSymbol(ExternalOrigin Origin);

/// <summary>A keyword argument an operator wrapper of another module passes on, as written there and as resolved there.</summary>
public sealed record ExternalDefault(string Name, Expr Value, Expr ResolvedValue, ExternalOrigin Origin)
{
    /// <summary>Whether <see cref="Value"/> is a node of the <see cref="Origin"/> module too (not when the wrapper's keyword
    /// names a constant of a third module: the origin is then that module, where <see cref="ResolvedValue"/> is).</summary>
    internal bool ValueInOrigin { get; init; }
}

/// <summary>
/// A pod operator class defined (or re-exported) by another module: its kind, the operator it is
/// (<see cref="OperatorName"/>, the qualified name of the Airflow class it derives from), and the keyword
/// arguments the wrapper passes to <c>super().__init__</c> (or a <c>functools.partial</c> binds), from that module's tree.
/// </summary>
public sealed record ExternalOperator(OperatorKind Kind, string OperatorName, IReadOnlyList<ExternalDefault> Defaults, ExternalOrigin Origin)
    : ExternalSymbol(Origin);

/// <summary>A module-level constant of another module (a string, f-string of constants, dict, list...), from that module's tree.</summary>
public sealed record ExternalConstant(Expr Value, ExternalOrigin Origin) : ExternalSymbol(Origin);

/// <summary>
/// Resolves names a module imports from other modules of the same project (the project index): operator wrappers,
/// constants, <c>default_args</c> dicts and re-exports. Implementations must be safe to call from several threads.
/// </summary>
public interface IModuleResolver
{
    /// <summary>
    /// What <paramref name="qualifiedName"/> (an absolute dotted name such as <c>common.images.BASE_IMAGE</c>, as the
    /// imports of a module spell it) is in the project, or null when no module of the project defines it.
    /// </summary>
    ExternalSymbol? Resolve(string qualifiedName);

    /// <summary>The package the relative imports of a file start from (<c>a.b</c> for <c>a/b/c.py</c> and
    /// <c>a/b/__init__.py</c>; empty for a top-level module), or null when the file is not importable.</summary>
    string? PackageOf(string displayPath);
}

/// <summary>Finds the modules of a project by dotted name (the CLI's side of <see cref="ProjectIndex"/>).</summary>
public interface IModuleSource
{
    /// <summary>The file that module <paramref name="moduleName"/> is, as Python would import it from the project's
    /// <c>sys.path</c> folders: its display path and bytes; null when the project has no such module.</summary>
    (string DisplayPath, byte[] Content)? Find(string moduleName);

    /// <summary>See <see cref="IModuleResolver.PackageOf"/>.</summary>
    string? PackageOf(string displayPath);
}

/// <summary>
/// Records that a rule read a value that comes from another module (an <see cref="OperatorArgument"/> with an
/// <see cref="OperatorArgument.External"/> origin). The engine uses it to say where the value comes from in the
/// finding and to keep a fix from editing this file at positions that belong to another one.
/// </summary>
public sealed class ExternalAccess
{
    private readonly List<(ExternalOrigin Origin, int Start, int End, Expr? Node)> _reads = [];

    /// <summary>Whether any value of another module was read since the last <see cref="Reset"/>.</summary>
    public bool Any => _reads.Count > 0;

    /// <summary>The origins of the values read for an argument reported within [<paramref name="start"/>, <paramref name="end"/>),
    /// in the order first read.</summary>
    public IReadOnlyList<ExternalOrigin> OriginsWithin(int start, int end) =>
        [.. _reads.Where(r => r.Start >= start && r.End <= end).Select(r => r.Origin).Distinct()];

    /// <summary><paramref name="node"/>: the node of the origin module that was read (null when it is not known to be one of
    /// that module's, so nothing may be edited through it).</summary>
    internal void Touch(ExternalOrigin origin, LocatedNode location, Expr? node) => _reads.Add((origin, location.Range.Start, location.Range.End, node));

    /// <summary>
    /// When <paramref name="node"/> is a value read from another module since the last <see cref="Reset"/>, or a node inside
    /// one: that module (with its text) and the value read. Decided by identity, never by position, so a node of this
    /// file is never taken for one of another module.
    /// </summary>
    internal (ExternalOrigin Origin, Expr Value)? OwnerOf(LocatedNode node)
    {
        for (int i = 0; i < _reads.Count; i++)
        {
            var (origin, _, _, value) = _reads[i];
            if (value is null || origin.Source is null) continue;
            if (ReferenceEquals(value, node)) return (origin, value);
        }
        for (int i = 0; i < _reads.Count; i++)
        {
            var (origin, _, _, value) = _reads[i];
            if (value is null || origin.Source is null) continue;
            if (node.Range.Start < value.Range.Start || node.Range.End > value.Range.End) continue;
            foreach (var inner in Support.AstWalk.Descendants(value))
                if (ReferenceEquals(inner, node)) return (origin, value);
        }
        return null;
    }

    public void Reset() => _reads.Clear();
}
