using PodLint.Syntax.Python.Ast;

namespace PodLint.Rules.Semantics;

/// <summary>Where an operator argument came from.</summary>
public enum ArgumentOrigin
{
    /// <summary>A keyword of the call itself.</summary>
    Call,
    /// <summary><c>functools.partial(Op, ...)</c> or <c>Op.partial(...)</c>.</summary>
    Partial,
    /// <summary><c>.expand(...)</c> / <c>.expand_kwargs(...)</c> of a mapped operator.</summary>
    Expand,
    /// <summary>The keywords of a <c>@task.kubernetes(...)</c> decorator.</summary>
    Decorator,
    /// <summary>An entry of the <c>default_args</c> of the DAG the operator belongs to.</summary>
    DefaultArgs,
    /// <summary>A keyword an operator subclass (a wrapper such as <c>PlatformPodOperator</c>) passes to <c>super().__init__</c>.</summary>
    Wrapper,
}

/// <summary>
/// One effective keyword argument of an operator. <see cref="Value"/> is the expression as written;
/// <see cref="ResolvedValue"/> follows module-level constants (<c>resources=RES</c> with
/// <c>RES = {...}</c> defined once gives the dict). <see cref="Location"/> is where a finding about it is
/// reported: the keyword (<c>resources={...}</c>) or, for default_args, the dict key.
/// A value that comes from another module of the project (an imported constant or <c>default_args</c> dict, a default of
/// an imported operator wrapper) has <see cref="External"/> set: its <see cref="Value"/> and <see cref="ResolvedValue"/>
/// are nodes of that module's tree, and <see cref="Location"/> is the place in this file that brings it in.
/// </summary>
public sealed record OperatorArgument(string Name, Expr Value, Expr ResolvedValue, ArgumentOrigin Origin, LocatedNode Location)
{
    // Most arguments are a keyword written in this file: their name and value are the keyword's, read from Location.
    // What the others have (a name or value not read from Location, what only a value from another module has) is kept
    // in one object of its own, null when every part is unset. An argument is half the size it would be with a field
    // for each.
    private ExternalParts? _external = ExternalParts.Of(Name, Value, Location);

    private sealed record ExternalParts(ExternalOrigin? Origin, ExternalAccess? Access, bool ValueIsExternal, bool ValueInOrigin, (Dict Dict, Constant Key)? Entry)
    {
        public static readonly ExternalParts None = new(null, null, false, false, null);

        /// <summary>The name, when Location does not give it (<see cref="NameAt"/>).</summary>
        public string? Name { get; init; }

        /// <summary>The value as written, when Location does not give it (<see cref="ValueAt"/>).</summary>
        public Expr? Value { get; init; }

        /// <summary>Null for parts that are all unset (so equality is that of the fields they replace).</summary>
        public ExternalParts? OrNull() => this == None ? null : this;

        /// <summary>The parts holding <paramref name="name"/> and <paramref name="value"/> where <paramref name="location"/>
        /// does not give them; null when it gives both.</summary>
        public static ExternalParts? Of(string name, Expr value, LocatedNode location) =>
            string.Equals(name, NameAt(location), StringComparison.Ordinal) && ReferenceEquals(value, ValueAt(location))
                ? null
                : None with { Name = WhenNotAt(name, location), Value = ReferenceEquals(value, ValueAt(location)) ? null : value };

        public static string? WhenNotAt(string name, LocatedNode location) => string.Equals(name, NameAt(location), StringComparison.Ordinal) ? null : name;
    }

    private ExternalParts Parts => _external ?? ExternalParts.None;

    /// <summary>The name a location gives: a keyword's, or a default_args key's.</summary>
    private static string? NameAt(LocatedNode location) => location switch
    {
        Keyword k => k.Arg,
        Constant { Value: string key } => key,
        _ => null,
    };

    /// <summary>The value a location gives: a keyword's.</summary>
    private static Expr? ValueAt(LocatedNode location) => location is Keyword k ? k.Value : null;

    /// <summary>Where a finding about the argument is reported (see the type's summary).</summary>
    public LocatedNode Location
    {
        get => field;
        init
        {
            // Set by a with-expression: the name and value stay what they were, wherever they are now kept.
            string name = Name;
            var written = Written;
            field = value;
            _external = (Parts with { Name = ExternalParts.WhenNotAt(name, value), Value = ReferenceEquals(written, ValueAt(value)) ? null : written }).OrNull();
        }
    } = Location;

    public string Name
    {
        get => _external?.Name ?? NameAt(Location)!;
        init => _external = (Parts with { Name = ExternalParts.WhenNotAt(value, Location) }).OrNull();
    }

    /// <summary>The value as written, without telling <see cref="Access"/>.</summary>
    private Expr Written => _external?.Value ?? ValueAt(Location)!;

    /// <summary>Where the value is written when it is not in this file (null: in this file).</summary>
    public ExternalOrigin? External
    {
        get => _external?.Origin;
        init => _external = (Parts with { Origin = value }).OrNull();
    }

    /// <summary>Told when a rule reads an external value (so the engine can say where it comes from, and not fix it here).</summary>
    internal ExternalAccess? Access
    {
        get => _external?.Access;
        init => _external = (Parts with { Access = value }).OrNull();
    }

    /// <summary>Whether <see cref="Value"/> itself is a node of another module (a wrapper's default, an imported
    /// <c>default_args</c> entry); for an imported constant only <see cref="ResolvedValue"/> is.</summary>
    internal bool ValueIsExternal
    {
        get => _external?.ValueIsExternal == true;
        init => _external = (Parts with { ValueIsExternal = value }).OrNull();
    }

    /// <summary>Whether <see cref="Value"/>, when external, is a node of the <see cref="External"/> module (see
    /// <see cref="ExternalDefault.ValueInOrigin"/>); only then may a fix edit it there.</summary>
    internal bool ValueInOrigin
    {
        get => _external?.ValueInOrigin == true;
        init => _external = (Parts with { ValueInOrigin = value }).OrNull();
    }

    public Expr Value
    {
        get
        {
            var written = Written;
            if (_external is { ValueIsExternal: true, Origin: { } origin } parts) parts.Access?.Touch(origin, Location, parts.ValueInOrigin ? written : null);
            return written;
        }
        init => _external = (Parts with { Value = ReferenceEquals(value, ValueAt(Location)) ? null : value }).OrNull();
    }

    /// <summary>
    /// For an entry of a <c>default_args</c> dict imported from another module: that dict and the entry's key, nodes of
    /// the <see cref="External"/> module's tree (null otherwise). Reading it tells the engine that the whole dict was
    /// read, so a fix may edit the entry there (rename its key) as well as its value.
    /// </summary>
    public (Dict Dict, Constant Key)? ExternalEntry
    {
        get
        {
            if (_external is not { } parts) return null;
            if (parts.Origin is { } origin && parts.Entry is { } entry) parts.Access?.Touch(origin, Location, entry.Dict);
            return parts.Entry;
        }
        init => _external = (Parts with { Entry = value }).OrNull();
    }

    public Expr ResolvedValue
    {
        get
        {
            if (_external is { Origin: { } origin } parts) parts.Access?.Touch(origin, Location, field);
            return field;
        }
        init => field = value;
    } = ResolvedValue;
}

/// <summary>
/// A use of a pod operator: a call (direct, through a subclass, a <c>functools.partial</c>, or a mapped
/// <c>.partial().expand()</c>), or a function decorated with <c>@task.kubernetes</c>.
/// </summary>
public sealed class OperatorCall
{
    /// <summary>Above this many arguments the effective ones are looked up in a table; below, by a scan (a call
    /// has a handful of keywords, and a table per call costs more memory than the arguments themselves).</summary>
    private const int MaxScanned = 16;

    /// <summary>Name to effective argument, for calls with more than <see cref="MaxScanned"/> arguments (null otherwise).</summary>
    private readonly Dictionary<string, OperatorArgument>? _effective;

    internal OperatorCall(OperatorKind kind, string operatorName, LocatedNode node, Expr? callee, IReadOnlyList<OperatorArgument> arguments, bool returnsValue, bool isPartial = false)
    {
        IsPartial = isPartial;
        Kind = kind;
        OperatorName = operatorName;
        Node = node;
        Callee = callee;
        ReturnsValue = returnsValue;
        // The defaults of a wrapper from another module are reported where the wrapper is called.
        // Kept in an array of their exact number (the model builds them in a list it reuses). The defaults of a wrapper
        // from another module are reported where the wrapper is called.
        var exact = arguments.Count == 0 ? [] : new OperatorArgument[arguments.Count];
        for (int i = 0; i < exact.Length; i++)
        {
            var a = arguments[i];
            exact[i] = a.ValueIsExternal && a.Origin == ArgumentOrigin.Wrapper ? a with { Location = (LocatedNode?)callee ?? node } : a;
        }
        _arguments = exact;
        if (exact.Length <= MaxScanned) return;
        _effective = new Dictionary<string, OperatorArgument>(exact.Length, StringComparer.Ordinal);
        foreach (var a in exact)
        {
            if (!_effective.TryGetValue(a.Name, out var existing) || Rank(a.Origin) >= Rank(existing.Origin)) _effective[a.Name] = a;
        }
    }

    public OperatorKind Kind { get; }

    /// <summary>
    /// A <c>functools.partial(Operator, ...)</c> (from <see cref="ModuleModel.PartialDefinitions"/>): no operator is created
    /// here, the keywords are bound for later calls. Judge the keywords it passes, not the ones it lacks.
    /// </summary>
    public bool IsPartial { get; }

    /// <summary>Qualified name of the operator class as imported (e.g. the contrib path).</summary>
    public string OperatorName { get; }

    /// <summary>Name for messages: the class (<c>KubernetesPodOperator</c>), or the decorator (<c>@task.kubernetes</c>).</summary>
    public string DisplayName => Node is FunctionDef or AsyncFunctionDef
        ? "@task" + (OperatorName.LastIndexOf('.') is var dot && dot >= 0 && !KnownOperators.IsTaskDecorator(OperatorName) ? OperatorName[dot..] : "")
        : KnownOperators.ShortName(OperatorName);

    /// <summary>The <see cref="Call"/>, or the <see cref="FunctionDef"/> of a decorated task.</summary>
    public LocatedNode Node { get; }

    /// <summary>The called expression (<c>KubernetesPodOperator</c>, <c>pod.KubernetesPodOperator</c>...), if a call.</summary>
    public Expr? Callee { get; }

    /// <summary>Every argument from every origin, in source order per origin.</summary>
    public IReadOnlyList<OperatorArgument> Arguments => _arguments;

    private readonly OperatorArgument[] _arguments;

    /// <summary>For <c>@task.kubernetes</c>: whether the function returns a value (which is pushed to XCom).</summary>
    public bool ReturnsValue { get; }

    /// <summary>The argument that takes effect for <paramref name="name"/>: the call's own keyword beats
    /// expand and partial, which beat the decorator, which beats default_args.</summary>
    public OperatorArgument? this[string name] => _effective is not null ? _effective.GetValueOrDefault(name) : Scan(name);

    public bool Has(string name) => this[name] is not null;

    /// <summary>What the table would hold for <paramref name="name"/>: of the arguments so named, the one of the highest
    /// rank, the last of them on a tie.</summary>
    private OperatorArgument? Scan(string name)
    {
        OperatorArgument? best = null;
        var arguments = _arguments;
        for (int i = 0; i < arguments.Length; i++)
        {
            var a = arguments[i];
            if (string.Equals(a.Name, name, StringComparison.Ordinal) && (best is null || Rank(a.Origin) >= Rank(best.Origin))) best = a;
        }
        return best;
    }

    /// <summary>The effective value as a string constant, or null when absent or not a plain string.</summary>
    public string? StringValue(string name) => this[name]?.ResolvedValue is Constant { Value: string s } ? s : null;

    /// <summary>The effective value as a bool constant, or null when absent or not a plain bool.</summary>
    public bool? BoolValue(string name) => this[name]?.ResolvedValue is Constant { Value: bool b } ? b : null;

    /// <summary>Whether the operator starts a Kubernetes pod (every kind but <see cref="OperatorKind.Docker"/> and <see cref="OperatorKind.Other"/>).</summary>
    public bool RunsPod => KnownOperators.RunsPod(Kind);

    /// <summary>
    /// The effective value as a literal dict with string keys (<c>labels={"team": "etl"}</c>), key to value
    /// expression in source order; null when absent, not a dict literal, or when a key is not a plain string
    /// or is a <c>**</c> spread (its content is unknown).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, Expr>>? DictValue(string name)
    {
        if (this[name]?.ResolvedValue is not Dict dict) return null;
        var entries = new List<KeyValuePair<string, Expr>>(dict.Keys.Count);
        for (int i = 0; i < dict.Keys.Count; i++)
        {
            if (dict.Keys[i] is not Constant { Value: string key }) return null;
            entries.Add(new(key, dict.Values[i]));
        }
        return entries;
    }

    private static int Rank(ArgumentOrigin origin) => origin switch
    {
        ArgumentOrigin.Call => 4,
        ArgumentOrigin.Expand => 3,
        ArgumentOrigin.Partial or ArgumentOrigin.Wrapper => 2,
        ArgumentOrigin.Decorator => 1,
        _ => 0,
    };
}

/// <summary>
/// One name bound by an import statement. For <c>import a.b.c</c>: <see cref="Module"/> is <c>a.b.c</c>,
/// <see cref="LocalName"/> is <c>a</c> and <see cref="BoundTo"/> is <c>a</c>. For
/// <c>from m import X as Y</c>: Module <c>m</c>, ImportedName <c>X</c>, LocalName <c>Y</c>, BoundTo <c>m.X</c>.
/// Relative imports keep their dots in <see cref="Module"/> (<c>..pkg</c>).
/// </summary>
public sealed record ImportBinding(string LocalName, string Module, string? ImportedName, Alias Alias, Stmt Statement, bool InsideFunction)
{
    // The path is built once, with the binding (the rules ask for it many times per file); it depends only on the
    // positional values, so equality is unchanged. ImportedPath is the module or this same string: no second copy.
    public string BoundTo { get; } = ImportedName is null
        ? (Alias.Asname is null ? FirstPart(Module, LocalName) : Module)
        : Module.EndsWith('.') ? Module + ImportedName : $"{Module}.{ImportedName}";

    /// <summary>The full dotted path the statement names: <c>a.b.c</c>, or <c>m.X</c>.</summary>
    public string ImportedPath => ImportedName is null ? Module : BoundTo;

    /// <summary>The first part of <paramref name="module"/> (<c>a</c> of <c>a.b.c</c>): <paramref name="localName"/> when
    /// it is that text (as <c>import a.b.c</c> binds it), so the text is not copied again.</summary>
    private static string FirstPart(string module, string localName)
    {
        int dot = module.IndexOf('.');
        if (dot < 0) return module;
        return module.AsSpan(0, dot).SequenceEqual(localName) ? localName : module[..dot];
    }
}
