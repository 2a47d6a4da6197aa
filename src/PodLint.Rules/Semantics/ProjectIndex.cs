using System.Collections.Concurrent;
using PodLint.Syntax.Python;
using PodLint.Syntax.Python.Ast;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;

namespace PodLint.Rules.Semantics;

/// <summary>
/// The project index: what the names a module imports from other modules of the project are. A module is read
/// (parsed, modelled) the first time a name of it is asked for, once per run, whichever thread asks; so a repository
/// without shared modules pays for a few failed look-ups, not for reading every file. It knows:
/// <list type="bullet">
/// <item>operator wrappers: classes deriving, directly or through other classes of the project, from a pod operator, with
/// the keywords they pass to <c>super().__init__</c>; and module-level <c>functools.partial</c>s of operators;</item>
/// <item>module-level constants assigned once (strings, f-strings, dicts such as <c>default_args</c>, lists), followed
/// through further imports;</item>
/// <item>re-exports: a name a module imports (<c>from .operators import PlatformPodOperator</c> in a package's
/// <c>__init__.py</c>, or an Airflow operator) is what it imports.</item>
/// </list>
/// Nothing is run. A module that does not parse, a name bound more than once, and import cycles give nothing.
/// </summary>
public sealed class ProjectIndex(IModuleSource source) : IModuleResolver
{
    private const int MaxDepth = 8;

    private readonly ConcurrentDictionary<string, Lazy<Entry?>> _modules = new(StringComparer.Ordinal);

    private sealed record Entry(string DisplayPath, Module Module, ModuleModel Model, string Package, PodLint.Syntax.Text.SourceText? Source)
    {
        /// <summary>A place in this module, with its text (so a fix can edit the value there).</summary>
        public ExternalOrigin At(int line) => new(DisplayPath, line) { Source = Source };
    }

    public string? PackageOf(string displayPath) => source.PackageOf(displayPath);

    public ExternalSymbol? Resolve(string qualifiedName) => Resolve(qualifiedName, 0);

    private ExternalSymbol? Resolve(string qualified, int depth)
    {
        if (depth > MaxDepth) return null;
        int dot = qualified.LastIndexOf('.');
        if (dot <= 0 || dot == qualified.Length - 1) return null;
        return Load(qualified.AsSpan(0, dot)) is { } entry ? Lookup(entry, qualified[(dot + 1)..], depth) : null;
    }

    /// <summary>A module looked up by a part of a name: no string is made for a module already asked about (every call of
    /// every file asks about the module of its callee).</summary>
    private Entry? Load(ReadOnlySpan<char> module) =>
        _modules.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(module, out var loaded) ? loaded.Value : Load(module.ToString());

    // The factory takes the index as an argument, so a lookup of a module already loaded allocates no delegate.
    private Entry? Load(string module) =>
        _modules.GetOrAdd(module, static (m, index) => new Lazy<Entry?>(() => index.Read(m), LazyThreadSafetyMode.ExecutionAndPublication), this).Value;

    private Entry? Read(string module)
    {
        if (source.Find(module) is not var (display, content)) return null;
        var parse = PythonParser.Parse(content);
        parse.ReleaseTokens(); // only the tree is kept: the chunks go back to this thread's pool
        if (parse.Module is null) return null;
        return new Entry(display, parse.Module, ModuleModel.Build(parse.Module), source.PackageOf(display) ?? "", parse.Source);
    }

    /// <summary>What module-level name <paramref name="name"/> of <paramref name="entry"/> is, when it is bound exactly once.</summary>
    private ExternalSymbol? Lookup(Entry entry, string name, int depth)
    {
        Stmt? binding = null;
        ImportBinding? imported = null;
        int count = 0;
        foreach (var stmt in entry.Module.Body)
        {
            switch (stmt)
            {
                case ClassDef c when c.Name == name: binding = c; count++; break;
                case Assign { Targets: [Name t] } a when t.Id == name: binding = a; count++; break;
                case AnnAssign { Target: Name t, Value: not null } a when t.Id == name: binding = a; count++; break;
                case FunctionDef f when f.Name == name: count++; break;
                case Import or ImportFrom:
                    foreach (var b in entry.Model.Imports)
                    {
                        if (ReferenceEquals(b.Statement, stmt) && b.LocalName == name) { imported = b; count++; }
                    }
                    break;
            }
        }
        if (count != 1) return null;
        if (imported is not null)
        {
            string target = Absolute(imported.BoundTo, entry.Package);
            var origin = entry.At(imported.Statement.Range.Lineno);
            if (KnownOperators.Classify(target) is { } kind) return new ExternalOperator(kind, target, [], origin);
            return Resolve(target, depth + 1);
        }
        return binding switch
        {
            ClassDef c => Class(entry, c, depth),
            Assign a => Assignment(entry, a.Value, a.Range.Lineno, depth),
            AnnAssign a => Assignment(entry, a.Value!, a.Range.Lineno, depth),
            _ => null,
        };
    }

    private ExternalSymbol? Assignment(Entry entry, Expr value, int line, int depth)
    {
        var origin = entry.At(line);
        if (value is Call call && entry.Model.QualifiedName(call.Func) is { } callee && KnownOperators.IsFunctoolsPartial(callee) && call.Args.Count > 0)
        {
            if (OperatorOf(entry, call.Args[0], depth) is not { } op) return null;
            return op with { Defaults = [.. op.Defaults, .. Keywords(entry, call.Keywords, depth)], Origin = origin };
        }
        var (resolved, from) = Value(entry, value, depth);
        return new ExternalConstant(resolved, from ?? origin);
    }

    /// <summary>An operator class of the project: its first base that is an operator, plus the keywords its <c>__init__</c>
    /// passes to <c>super().__init__</c> (they override the base's).</summary>
    private ExternalOperator? Class(Entry entry, ClassDef c, int depth)
    {
        foreach (var b in c.Bases)
        {
            if (OperatorOf(entry, b, depth) is not { } op) continue;
            var own = new List<ExternalDefault>();
            foreach (var stmt in c.Body)
            {
                if (stmt is not FunctionDef { Name: "__init__" } init) continue;
                foreach (var node in Support.AstWalk.Descendants(init))
                {
                    if (node is Call { Func: Attribute { Attr: "__init__", Value: Call { Func: Name { Id: "super" } } } } super)
                        own.AddRange(Keywords(entry, super.Keywords, depth));
                }
            }
            var merged = op.Defaults.Where(d => own.All(o => o.Name != d.Name)).Concat(own).ToList();
            return new ExternalOperator(op.Kind, op.OperatorName, merged, entry.At(c.Range.Lineno));
        }
        return null;
    }

    /// <summary>The operator an expression of <paramref name="entry"/> names: a known Airflow operator, or one of the project.</summary>
    private ExternalOperator? OperatorOf(Entry entry, Expr expr, int depth)
    {
        if (depth > MaxDepth) return null;
        if (expr is Name local && entry.Model.QualifiedName(local) is null)
            return Lookup(entry, local.Id, depth + 1) as ExternalOperator; // a class or partial of the same module
        if (entry.Model.QualifiedName(expr) is not { } q) return null;
        string target = Absolute(q, entry.Package);
        if (KnownOperators.Classify(target) is { } kind) return new ExternalOperator(kind, target, [], entry.At(expr.Range.Lineno));
        return Resolve(target, depth + 1) as ExternalOperator;
    }

    private IEnumerable<ExternalDefault> Keywords(Entry entry, IReadOnlyList<Keyword> keywords, int depth)
    {
        foreach (var k in keywords)
        {
            if (k.Arg is null) continue;
            var (resolved, from) = Value(entry, k.Value, depth);
            // Followed to another module (from set), the value as written stays here while the origin names that module.
            yield return new ExternalDefault(k.Arg, k.Value, resolved, from ?? entry.At(k.Range.Lineno)) { ValueInOrigin = from is null };
        }
    }

    /// <summary>A value of <paramref name="entry"/>, followed through its constants and through imports of other modules'
    /// constants; with the origin of the last constant followed across modules (null: written in this module).</summary>
    private (Expr Value, ExternalOrigin? Origin) Value(Entry entry, Expr expr, int depth)
    {
        var resolved = entry.Model.ResolveConstant(expr);
        if (resolved is Name or Attribute && entry.Model.QualifiedName(resolved) is { } q
            && Resolve(Absolute(q, entry.Package), depth + 1) is ExternalConstant c)
            return (c.Value, c.Origin);
        return (resolved, null);
    }

    /// <summary>An absolute dotted name from an import's target, which may be relative (<c>.images.X</c>) to <paramref name="package"/>.</summary>
    public static string Absolute(string target, string package)
    {
        int level = 0;
        while (level < target.Length && target[level] == '.') level++;
        if (level == 0) return target;
        var parts = package.Length == 0 ? [] : package.Split('.');
        int keep = parts.Length - (level - 1);
        if (keep <= 0) return target; // no parent package, or above the top-level one: Python refuses it, nothing to resolve
        string prefix = string.Join('.', parts.Take(keep));
        string rest = target[level..];
        return prefix.Length == 0 ? rest : rest.Length == 0 ? prefix : $"{prefix}.{rest}";
    }
}
