using System.Runtime.InteropServices;
using PodLint.Syntax.Python.Ast;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;
using Tuple = PodLint.Syntax.Python.Ast.Tuple;
using KeywordNode = PodLint.Syntax.Python.Ast.Keyword;

namespace PodLint.Rules.Semantics;

/// <summary>
/// What a DAG file means, as far as pod operators go, without running it: its imports, the module-level
/// constants operators receive by name, the DAG <c>default_args</c> that reach each operator, and every
/// use of a pod operator (direct, subclassed, partial, mapped, decorated). Names shadowed by a local or
/// module-level assignment, definition or parameter are not resolved, so they never fire.
/// </summary>
public sealed class ModuleModel
{
    private readonly Scope _moduleScope;

    private readonly Dictionary<Name, string?>? _localNames;

    private ModuleModel(Module module, Scope moduleScope, List<ImportBinding> imports, List<OperatorCall> operatorCalls, List<OperatorCall> partialDefinitions, Dictionary<Name, string?>? localNames)
    {
        Module = module;
        _moduleScope = moduleScope;
        _localNames = localNames;
        Imports = imports;
        OperatorCalls = operatorCalls;
        PartialDefinitions = partialDefinitions;
    }

    public Module Module { get; }

    /// <summary>Every import alias in the file (module level, inside try/except or functions), in source order.</summary>
    public IReadOnlyList<ImportBinding> Imports { get; }

    /// <summary>Every use of a known operator, including plain Airflow operators (<see cref="OperatorKind.Other"/>)
    /// for checks that apply to any operator (executor_config).</summary>
    public IReadOnlyList<OperatorCall> OperatorCalls { get; }

    /// <summary>
    /// Every <c>functools.partial(Operator, ...)</c> of a known operator, wherever it stands (module level, inside a
    /// function, in a dict, called inline, or never called in this file), with the keywords it binds
    /// (<see cref="ArgumentOrigin.Partial"/>, plus those of a partial it wraps) and <see cref="OperatorCall.IsPartial"/>
    /// set. A partial binds some keywords and leaves the rest to its callers, so rules judge the keywords it passes
    /// and never what it lacks. Calls of a module-level partial are in <see cref="OperatorCalls"/> too, with the
    /// partial's keywords at the same locations, so a finding on such a keyword is reported once.
    /// </summary>
    public IReadOnlyList<OperatorCall> PartialDefinitions { get; }

    /// <summary><see cref="OperatorCalls"/> followed by <see cref="PartialDefinitions"/>: every place whose keyword
    /// arguments a rule judges.</summary>
    public IReadOnlyList<OperatorCall> CallsAndPartials => _callsAndPartials ??= [.. OperatorCalls, .. PartialDefinitions];

    // Joined once per module: a dozen rules ask for it (each asking used to build an iterator over both lists).
    private OperatorCall[]? _callsAndPartials;

    /// <summary>
    /// Qualified name a Name or dotted Attribute refers to through imports, or null; seen from the scope
    /// where the expression stands (a parameter or local assignment shadows a module-level import).
    /// </summary>
    public string? QualifiedName(Expr expr)
    {
        var root = expr;
        while (root is Attribute a) root = a.Value;
        if (root is not Name name) return null;
        string? resolved = _localNames is not null && _localNames.TryGetValue(name, out var local) ? local : _moduleScope.Resolve(name);
        if (resolved is null || ReferenceEquals(root, expr)) return resolved;
        return WithAttributes(resolved, expr);
    }

    /// <summary><paramref name="resolved"/> (what the root Name of the chain <paramref name="expr"/> refers to) followed by the
    /// chain's attributes, in one string written from its end: the last attribute is the outermost node.</summary>
    private static string WithAttributes(string resolved, Expr expr)
    {
        int length = resolved.Length;
        for (var e = expr; e is Attribute a; e = a.Value) length += 1 + a.Attr.Length;
        return string.Create(length, (resolved, expr), static (span, state) =>
        {
            int end = span.Length;
            for (var e = state.expr; e is Attribute a; e = a.Value)
            {
                end -= a.Attr.Length;
                a.Attr.CopyTo(span[end..]);
                span[--end] = '.';
            }
            state.resolved.CopyTo(span);
        });
    }

    /// <summary>Follows a module-level Name to the constant it was assigned once; otherwise returns the expression.</summary>
    public Expr ResolveConstant(Expr expr) => _moduleScope.ResolveConstant(expr);

    /// <summary>What rules read of values from other modules since the engine last looked (see <see cref="ExternalAccess"/>).</summary>
    public ExternalAccess ExternalAccess => _moduleScope.Access;

    /// <summary>
    /// Builds the model of one module. With a <paramref name="resolver"/> (the project index), names imported from other
    /// modules of the project are followed: operator wrappers and re-exported operators are operators, imported constants
    /// and <c>default_args</c> dicts give their values (<see cref="OperatorArgument.External"/>). <paramref name="package"/>
    /// is where this module's relative imports start.
    /// </summary>
    public static ModuleModel Build(Module module, IModuleResolver? resolver = null, string? package = null)
    {
        var imports = new List<ImportBinding>();
        var calls = new List<OperatorCall>();
        var partials = new List<OperatorCall>();
        var moduleScope = new Scope(null, ScopeKind.Module) { Resolver = resolver, Package = package };
        moduleScope.Collect(module.Body, imports, insideFunction: false);
        var builder = new Builder(moduleScope, calls, partials);
        builder.PrepareModule(module.Body);
        builder.VisitStatements(module.Body, moduleScope, null);
        return new ModuleModel(module, moduleScope, imports, calls, partials, builder.LocalNames);
    }

    // ---------------------------------------------------------------------------------------------

    private enum ScopeKind { Module, Function, Class }

    private enum BindingKind { Import, Other, Global }

    /// <summary>What a name is bound to within one scope: the import targets, or "something else".</summary>
    private sealed class Binding(string name)
    {
        public readonly string Name = name;
        /// <summary>The binding added to the same scope before this one, while the scope lists its names in a chain.</summary>
        public Binding? Next;
        public BindingKind Kind;
        public int Assignments;

        // One field for what is read of an import and of an assignment: the import target is read only while the name
        // is bound by imports alone (Kind stays Import), the constant only once it was assigned (Kind Other), and an
        // assignment always makes the kind Other first, so the two are never needed at once.
        private object? _value;

        /// <summary>The module or name first imported under this name (what it resolves to); null when never imported.
        /// Later imports of the same name are not kept: nothing reads them. Read only while <see cref="Kind"/> is Import.</summary>
        public string? FirstImportTarget => _value as string;

        /// <summary>Records an import target, unless one (or an assigned value) is recorded already.</summary>
        public void AddImportTarget(string target) => _value ??= target;

        /// <summary>The value last assigned to the name (a single-name assignment). Read only when <see cref="Kind"/> is Other.</summary>
        public Expr? ConstantValue
        {
            get => _value as Expr;
            set => _value = value;
        }
    }

    /// <summary>A local operator alias: a subclass of an operator, or a functools.partial of one.</summary>
    private sealed record OperatorAlias(OperatorKind Kind, string OperatorName, IReadOnlyList<OperatorArgument> PartialArguments);

    private sealed class Scope(Scope? parent, ScopeKind kind)
    {
        public Scope? Parent { get; } = parent;
        public ScopeKind Kind { get; } = kind;

        // The names bound here: the first few in a chain of their bindings (a function or class scope binds a handful,
        // and a dictionary for each cost more than the bindings), all of them in a dictionary past that.
        private Binding? _firstBinding;
        private int _chained;
        private Dictionary<string, Binding>? _bindings;
        private const int MaxChained = 8;

        private Binding? Find(string name)
        {
            if (_bindings is not null) return _bindings.GetValueOrDefault(name);
            for (var b = _firstBinding; b is not null; b = b.Next)
                if (string.Equals(b.Name, name, StringComparison.Ordinal)) return b;
            return null;
        }

        /// <summary>Adds the binding of a name not bound here yet.</summary>
        private void Add(Binding binding)
        {
            if (_bindings is null && _chained < MaxChained)
            {
                binding.Next = _firstBinding;
                _firstBinding = binding;
                _chained++;
                return;
            }
            if (_bindings is null)
            {
                _bindings = new(2 * MaxChained + 1, StringComparer.Ordinal);
                for (var b = _firstBinding; b is not null; b = b.Next) _bindings.Add(b.Name, b);
                _firstBinding = null;
            }
            _bindings.Add(binding.Name, binding);
        }

        /// <summary>What only the module scope holds, in an object of its own: a scope is made for every function and class.</summary>
        private sealed class ModuleParts
        {
            public IModuleResolver? Resolver;
            public string? Package;
            public ExternalAccess? Access;
            // Created on first use: most modules hold no alias and no DAG variable.
            public Dictionary<string, OperatorAlias>? Aliases;
            public Dictionary<string, Expr?>? DagVariables;
            /// <summary>Counts the names a function's <c>global</c> import bound here after the module's own names were
            /// collected: what a name resolves to may change then (see <see cref="Builder"/>'s default_args reuse).</summary>
            public int LateBindings;
        }

        /// <summary>See <see cref="ModuleParts.LateBindings"/>.</summary>
        public int LateBindings => Module._module!.LateBindings;

        private readonly ModuleParts? _module = parent is null ? new ModuleParts() : null;

        /// <summary>Module-level operator aliases (subclasses, partials) by name; only in the module scope.</summary>
        public Dictionary<string, OperatorAlias> Aliases => _module!.Aliases ??= new(StringComparer.Ordinal);

        /// <summary>The project index, for names imported from other modules (module scope only).</summary>
        public IModuleResolver? Resolver
        {
            get => _module?.Resolver;
            init => _module!.Resolver = value;
        }

        /// <summary>Where this module's relative imports start (module scope only).</summary>
        public string? Package
        {
            get => _module?.Package;
            init => _module!.Package = value;
        }

        /// <summary>Told when a rule reads a value of another module (module scope only).</summary>
        public ExternalAccess Access => Module._module!.Access ??= new ExternalAccess();

        /// <summary>What an imported name refers to in another module of the project, when the project index knows it.</summary>
        public ExternalSymbol? ResolveExternal(Expr expr)
        {
            var root = Module;
            if (root.Resolver is null || Resolve(expr) is not { } qualified) return null;
            return root.Resolver.Resolve(ProjectIndex.Absolute(qualified, root.Package ?? ""));
        }

        /// <summary><see cref="ResolveExternal(Expr)"/> of an expression already resolved to <paramref name="qualified"/> here.</summary>
        public ExternalSymbol? ResolveExternalName(string qualified)
        {
            var root = Module;
            return root.Resolver?.Resolve(ProjectIndex.Absolute(qualified, root.Package ?? ""));
        }

        /// <summary>Module-level names bound to <c>DAG(...)</c> calls, with their default_args dict.</summary>
        public Dictionary<string, Expr?> DagVariables => _module!.DagVariables ??= new(StringComparer.Ordinal);

        private Scope Module => Parent is null ? this : Parent.Module;

        private Binding Get(string name)
        {
            var b = Find(name);
            if (b is null) Add(b = new Binding(name) { Kind = BindingKind.Import });
            return b;
        }

        private void BindOther(string name)
        {
            var b = Get(name);
            if (b.Kind != BindingKind.Global) b.Kind = BindingKind.Other;
            b.Assignments++;
        }

        private void BindImport(string name, string target)
        {
            var b = Get(name);
            if (b.Kind == BindingKind.Global)
            {
                Module._module!.LateBindings++;
                Module.BindImport(name, target);
                return;
            }
            b.AddImportTarget(target);
        }

        /// <summary>Records the names the statements bind in this scope (not inside nested functions or classes).</summary>
        public void Collect(IReadOnlyList<Stmt> body, List<ImportBinding>? imports, bool insideFunction)
        {
            for (int i = 0; i < body.Count; i++) CollectStatement(body[i], imports, insideFunction);
        }

        private void CollectStatement(Stmt stmt, List<ImportBinding>? imports, bool insideFunction)
        {
            switch (stmt)
            {
                case Import imp:
                    for (int i = 0; i < imp.Names.Count; i++)
                    {
                        var alias = imp.Names[i];
                        var binding = new ImportBinding(alias.Asname ?? FirstPart(alias.Name), alias.Name, null, alias, stmt, insideFunction);
                        imports?.Add(binding);
                        BindImport(binding.LocalName, binding.BoundTo);
                    }
                    break;
                case ImportFrom from:
                    {
                        string module = new string('.', from.Level ?? 0) + (from.Module ?? "");
                        for (int i = 0; i < from.Names.Count; i++)
                        {
                            var alias = from.Names[i];
                            var binding = new ImportBinding(alias.Asname ?? alias.Name, module, alias.Name, alias, stmt, insideFunction);
                            imports?.Add(binding);
                            if (alias.Name != "*") BindImport(binding.LocalName, binding.BoundTo);
                        }
                        break;
                    }
                case Assign assign:
                    for (int i = 0; i < assign.Targets.Count; i++) BindTarget(assign.Targets[i]);
                    if (assign.Targets is [Name single])
                    {
                        var b = Get(single.Id);
                        b.ConstantValue = assign.Value;
                    }
                    break;
                case AnnAssign ann:
                    BindTarget(ann.Target);
                    if (ann.Target is Name annName && ann.Value is not null) Get(annName.Id).ConstantValue = ann.Value;
                    break;
                case AugAssign aug: BindTarget(aug.Target); Get(NameOf(aug.Target) ?? "").Assignments++; break;
                case FunctionDef f: BindOther(f.Name); break;
                case AsyncFunctionDef f: BindOther(f.Name); break;
                case ClassDef c: BindOther(c.Name); break;
                case For f: BindTarget(f.Target); Collect(f.Body, imports, insideFunction); Collect(f.Orelse, imports, insideFunction); break;
                case AsyncFor f: BindTarget(f.Target); Collect(f.Body, imports, insideFunction); Collect(f.Orelse, imports, insideFunction); break;
                case While w: Collect(w.Body, imports, insideFunction); Collect(w.Orelse, imports, insideFunction); break;
                case If i: Collect(i.Body, imports, insideFunction); Collect(i.Orelse, imports, insideFunction); break;
                case With w:
                    BindItems(w.Items);
                    Collect(w.Body, imports, insideFunction);
                    break;
                case AsyncWith w:
                    BindItems(w.Items);
                    Collect(w.Body, imports, insideFunction);
                    break;
                case Try t: CollectTry(t.Body, t.Handlers, t.Orelse, t.Finalbody, imports, insideFunction); break;
                case TryStar t: CollectTry(t.Body, t.Handlers, t.Orelse, t.Finalbody, imports, insideFunction); break;
                case Delete d: for (int i = 0; i < d.Targets.Count; i++) BindTarget(d.Targets[i]); break;
                case Global g:
                    for (int i = 0; i < g.Names.Count; i++) Get(g.Names[i]).Kind = BindingKind.Global;
                    break;
                case Nonlocal nl:
                    for (int i = 0; i < nl.Names.Count; i++) BindOther(nl.Names[i]);
                    break;
                case Match m:
                    for (int i = 0; i < m.Cases.Count; i++) Collect(m.Cases[i].Body, imports, insideFunction);
                    break;
                case TypeAlias ta: BindTarget(ta.Name); break;
            }
        }

        private void CollectTry(IReadOnlyList<Stmt> body, IReadOnlyList<ExceptHandlerBase> handlers, IReadOnlyList<Stmt> orelse, IReadOnlyList<Stmt> final, List<ImportBinding>? imports, bool insideFunction)
        {
            Collect(body, imports, insideFunction);
            for (int i = 0; i < handlers.Count; i++)
            {
                if (handlers[i] is ExceptHandler eh)
                {
                    if (eh.Name is not null) BindOther(eh.Name);
                    Collect(eh.Body, imports, insideFunction);
                }
            }
            Collect(orelse, imports, insideFunction);
            Collect(final, imports, insideFunction);
        }

        private static string? NameOf(Expr e) => e is Name n ? n.Id : null;

        /// <summary>The name <c>import a.b.c</c> binds: <c>a</c>.</summary>
        private static string FirstPart(string dotted) => dotted.IndexOf('.') is var dot and >= 0 ? dotted[..dot] : dotted;

        private void BindItems(IReadOnlyList<WithItem> items)
        {
            for (int i = 0; i < items.Count; i++) if (items[i].OptionalVars is { } v) BindTarget(v);
        }

        private void BindAll(IReadOnlyList<Expr> targets)
        {
            for (int i = 0; i < targets.Count; i++) BindTarget(targets[i]);
        }

        private void BindArgs(IReadOnlyList<Arg> args)
        {
            for (int i = 0; i < args.Count; i++) BindOther(args[i].ArgName);
        }

        private void BindTarget(Expr target)
        {
            switch (target)
            {
                case Name n: BindOther(n.Id); break;
                case Tuple t: BindAll(t.Elts); break;
                case List l: BindAll(l.Elts); break;
                case Starred s: BindTarget(s.Value); break;
            }
        }

        public void BindParameters(Arguments args)
        {
            BindArgs(args.Posonlyargs);
            BindArgs(args.Args);
            BindArgs(args.Kwonlyargs);
            if (args.Vararg is { } va) BindOther(va.ArgName);
            if (args.Kwarg is { } kw) BindOther(kw.ArgName);
        }

        /// <summary>The scope that binds <paramref name="name"/> as seen from here, and its binding.</summary>
        private (Scope? Scope, Binding? Binding) Lookup(string name)
        {
            for (var s = this; s is not null; s = s.Parent)
            {
                // A class body's names are not visible from functions nested in it.
                if (s.Kind == ScopeKind.Class && s != this) continue;
                if (s.Find(name) is { } b)
                {
                    if (b.Kind == BindingKind.Global) return Module.Lookup(name);
                    return (s, b);
                }
            }
            return (null, null);
        }

        /// <summary>The qualified name of a Name or dotted Attribute through imports, or null.</summary>
        public string? Resolve(Expr expr)
        {
            switch (expr)
            {
                case Name n:
                    {
                        var (_, b) = Lookup(n.Id);
                        if (b is null || b.Kind != BindingKind.Import || b.Assignments > 0 || b.FirstImportTarget is not { } first) return null;
                        return first;
                    }
                case Attribute a:
                    {
                        var root = a.Value;
                        while (root is Attribute inner) root = inner.Value;
                        return root is Name && Resolve(root) is { } resolved ? WithAttributes(resolved, a) : null;
                    }
                default:
                    return null;
            }
        }

        /// <summary>The operator alias (subclass or partial) a Name refers to, if it is a module-level one.</summary>
        public OperatorAlias? ResolveAlias(Expr expr)
        {
            if (expr is not Name n) return null;
            var (scope, b) = Lookup(n.Id);
            if (scope is null || scope.Parent is not null || b is null || b.Assignments != 1) return null;
            return scope._module?.Aliases?.GetValueOrDefault(n.Id);
        }

        /// <summary>Follows module-level names assigned exactly once to their value (a few steps at most).</summary>
        public Expr ResolveConstant(Expr expr)
        {
            for (int step = 0; step < 8 && expr is Name n; step++)
            {
                var (scope, b) = Lookup(n.Id);
                if (scope is null || scope.Parent is not null || b is null || b.Kind != BindingKind.Other
                    || b.Assignments != 1 || b.ConstantValue is null)
                    return expr;
                expr = b.ConstantValue;
            }
            return expr;
        }

        /// <summary>default_args of the DAG a module-level name was assigned from <c>DAG(...)</c>.</summary>
        public bool TryGetDagVariable(Expr expr, out Expr? defaultArgs)
        {
            defaultArgs = null;
            if (expr is not Name n) return false;
            var (scope, b) = Lookup(n.Id);
            if (scope is null || scope.Parent is not null || b is null || b.Assignments != 1) return false;
            return scope._module?.DagVariables?.TryGetValue(n.Id, out defaultArgs) == true;
        }
    }

    // ---------------------------------------------------------------------------------------------

    private sealed class Builder(Scope moduleScope, List<OperatorCall> calls, List<OperatorCall> partials)
    {
        // The partial calls of mapped operators, already classified with their .expand(); made on first use, like LocalNames.
        private HashSet<Call>? _handled;
        private readonly List<Node> _children = [];
        private readonly Stack<Node> _stack = new();

        // The arguments of the call being classified (copied into the call's own array), and the default_args entries
        // last built: the tasks of a DAG share its default_args, and their arguments for it are the same values, so
        // they are built once for a run of calls in the same scope.
        private readonly List<OperatorArgument> _arguments = [];
        private Expr? _defaultsOf;
        private Scope? _defaultsScope;
        private int _defaultsLateBindings;
        private OperatorArgument[] _defaults = [];

        /// <summary>Names inside functions and classes that resolve differently there than at module level
        /// (null: shadowed), with what they resolve to; null while there is none.</summary>
        public Dictionary<Name, string?>? LocalNames { get; private set; }

        /// <summary>Module-level operator subclasses, functools.partial aliases and DAG variables.</summary>
        public void PrepareModule(IReadOnlyList<Stmt> body)
        {
            // Two passes so a subclass of a subclass, or a partial of a subclass, is found in any order.
            for (int pass = 0; pass < 2; pass++)
            {
                for (int s = 0; s < body.Count; s++)
                {
                    switch (body[s])
                    {
                        case ClassDef c:
                            for (int i = 0; i < c.Bases.Count; i++)
                            {
                                var target = Target(c.Bases[i], moduleScope);
                                if (target is { } t)
                                {
                                    moduleScope.Aliases[c.Name] = new OperatorAlias(t.Kind, t.OperatorName, [.. t.Partial, .. WrapperDefaults(c)]);
                                    break;
                                }
                            }
                            break;
                        case Assign { Targets: [Name name], Value: Call call }:
                            PrepareAssignment(name, call);
                            break;
                        case AnnAssign { Target: Name name, Value: Call call }:
                            PrepareAssignment(name, call);
                            break;
                    }
                }
            }
        }

        /// <summary><c>NAME = functools.partial(Op, ...)</c> (an operator alias) or <c>NAME = DAG(...)</c> at module level.</summary>
        private void PrepareAssignment(Name name, Call call)
        {
            if (PartialOf(call, moduleScope) is { } t)
            {
                moduleScope.Aliases[name.Id] = new OperatorAlias(t.Kind, t.OperatorName, t.Partial);
            }
            else if (moduleScope.Resolve(call.Func) is { } callee && KnownOperators.IsDag(callee))
            {
                moduleScope.DagVariables[name.Id] = Keyword(call.Keywords, "default_args");
            }
        }

        private readonly record struct CallTarget(OperatorKind Kind, string OperatorName, IReadOnlyList<OperatorArgument> Partial);

        /// <summary>
        /// The keywords an operator subclass passes to <c>super().__init__</c> in its <c>__init__</c> (a wrapper's defaults),
        /// reported where they are written, once for every use.
        /// </summary>
        private List<OperatorArgument> WrapperDefaults(ClassDef c)
        {
            var defaults = new List<OperatorArgument>();
            foreach (var stmt in c.Body)
            {
                if (stmt is not FunctionDef { Name: "__init__" } init) continue;
                foreach (var node in NodeWalk.Preorder(init))
                {
                    if (node is Call { Func: Attribute { Attr: "__init__", Value: Call { Func: Name { Id: "super" } } } } super)
                        AddKeywords(defaults, super.Keywords, ArgumentOrigin.Wrapper, moduleScope);
                }
            }
            return defaults;
        }

        /// <summary>
        /// <c>functools.partial(Op, k=v, ...)</c> of a known operator (or of an alias of one): the operator, with the
        /// keywords the partial binds after those of the alias it wraps. Null for anything else.
        /// </summary>
        private static CallTarget? PartialOf(Call call, Scope scope)
        {
            if (call.Args.Count == 0 || scope.Resolve(call.Func) is not { } callee || !KnownOperators.IsFunctoolsPartial(callee)) return null;
            if (Target(call.Args[0], scope) is not { } t) return null;
            var args = new List<OperatorArgument>(t.Partial);
            AddKeywords(args, call.Keywords, ArgumentOrigin.Partial, scope);
            return new CallTarget(t.Kind, t.OperatorName, args);
        }

        /// <summary>What calling <paramref name="callee"/> creates: a known operator (possibly via an alias, or a
        /// partial called at once: <c>functools.partial(Op, ...)(task_id=...)</c>).</summary>
        private static CallTarget? Target(Expr callee, Scope scope)
        {
            if (callee is Call inner) return PartialOf(inner, scope);
            if (scope.ResolveAlias(callee) is { } alias) return new CallTarget(alias.Kind, alias.OperatorName, alias.PartialArguments);
            var qualified = scope.Resolve(callee);
            if (qualified is null) return null;
            if (KnownOperators.Classify(qualified) is { } kind) return new CallTarget(kind, qualified, []);
            if (scope.ResolveExternalName(qualified) is ExternalOperator external) return WrapperTarget(external, scope);
            if (KnownOperators.LooksLikeOperator(qualified)) return new CallTarget(OperatorKind.Other, qualified, []);
            return null;
        }

        /// <summary>An operator wrapper of another module, with its defaults. (Apart from <see cref="Target"/>, whose every
        /// call would otherwise allocate the closure of this lambda.)</summary>
        private static CallTarget WrapperTarget(ExternalOperator external, Scope scope)
        {
            var defaults = external.Defaults.Select(d => new OperatorArgument(d.Name, d.Value, d.ResolvedValue, ArgumentOrigin.Wrapper, d.Value)
            {
                External = d.Origin,
                Access = scope.Access,
                ValueIsExternal = true,
                ValueInOrigin = d.ValueInOrigin,
            });
            return new CallTarget(external.Kind, external.OperatorName, [.. defaults]);
        }

        private static Expr? Keyword(IReadOnlyList<KeywordNode> keywords, string name)
        {
            for (int i = 0; i < keywords.Count; i++) if (keywords[i].Arg == name) return keywords[i].Value;
            return null;
        }

        private static void AddKeywords(List<OperatorArgument> into, IReadOnlyList<KeywordNode> keywords, ArgumentOrigin origin, Scope scope)
        {
            for (int i = 0; i < keywords.Count; i++)
            {
                var k = keywords[i];
                if (k.Arg is null) continue;
                var resolved = scope.ResolveConstant(k.Value);
                if (resolved is Name or Attribute && scope.ResolveExternal(resolved) is ExternalConstant c)
                    into.Add(new OperatorArgument(k.Arg, k.Value, c.Value, origin, k) { External = c.Origin, Access = scope.Access });
                else
                    into.Add(new OperatorArgument(k.Arg, k.Value, resolved, origin, k));
            }
        }

        /// <summary><see cref="AddDefaultArgs"/>, with the entries of the dict last asked about in the same scope reused
        /// (the arguments are immutable, and what they hold depends only on the dict, the scope and the scope's bindings,
        /// which change after the first call only through a function's <c>global</c> import: then they are built again).</summary>
        private void AddSharedDefaultArgs(List<OperatorArgument> into, Expr? defaultArgs, Scope scope)
        {
            if (defaultArgs is null) return;
            if (!ReferenceEquals(defaultArgs, _defaultsOf) || !ReferenceEquals(scope, _defaultsScope) || scope.LateBindings != _defaultsLateBindings)
            {
                int start = into.Count;
                AddDefaultArgs(into, defaultArgs, scope);
                _defaults = into.Count == start ? [] : CollectionsMarshal.AsSpan(into)[start..].ToArray();
                _defaultsOf = defaultArgs;
                _defaultsScope = scope;
                _defaultsLateBindings = scope.LateBindings;
                return;
            }
            into.AddRange(_defaults);
        }

        /// <summary>Adds the string-keyed entries of a default_args dict (literal or constant).</summary>
        private static void AddDefaultArgs(List<OperatorArgument> into, Expr? defaultArgs, Scope scope)
        {
            if (defaultArgs is null) return;
            var resolved = scope.ResolveConstant(defaultArgs);
            if (resolved is Name or Attribute && scope.ResolveExternal(resolved) is ExternalConstant { Value: Dict shared } c)
            {
                // default_args imported from a shared module: each entry is reported where this file names the dict.
                for (int i = 0; i < shared.Keys.Count; i++)
                {
                    if (shared.Keys[i] is Constant { Value: string sharedKey } sharedKeyNode)
                    {
                        into.Add(new OperatorArgument(sharedKey, shared.Values[i], shared.Values[i], ArgumentOrigin.DefaultArgs, defaultArgs)
                        {
                            External = c.Origin,
                            ExternalEntry = (shared, sharedKeyNode),
                            Access = scope.Access,
                            ValueIsExternal = true,
                            ValueInOrigin = true,
                        });
                    }
                }
                return;
            }
            if (resolved is not Dict dict) return;
            for (int i = 0; i < dict.Keys.Count; i++)
            {
                if (dict.Keys[i] is Constant { Value: string key } keyNode)
                {
                    var value = dict.Values[i];
                    into.Add(new OperatorArgument(key, value, scope.ResolveConstant(value), ArgumentOrigin.DefaultArgs, keyNode));
                }
            }
        }

        // ------------------------------------------------------------------ traversal

        public void VisitStatements(IReadOnlyList<Stmt> body, Scope scope, Expr? dagDefaults)
        {
            for (int i = 0; i < body.Count; i++) VisitStatement(body[i], scope, dagDefaults);
        }

        private void VisitStatement(Stmt stmt, Scope scope, Expr? dagDefaults)
        {
            switch (stmt)
            {
                case FunctionDef f: VisitFunction(f, f.Args, f.Body, f.DecoratorList, f.Returns, scope, dagDefaults); return;
                case AsyncFunctionDef f: VisitFunction(f, f.Args, f.Body, f.DecoratorList, f.Returns, scope, dagDefaults); return;
                case ClassDef c:
                    {
                        VisitExpressions(c.DecoratorList, scope, dagDefaults);
                        VisitExpressions(c.Bases, scope, dagDefaults);
                        for (int i = 0; i < c.Keywords.Count; i++) VisitExpression(c.Keywords[i].Value, scope, dagDefaults);
                        var classScope = new Scope(scope, ScopeKind.Class);
                        classScope.Collect(c.Body, null, insideFunction: true);
                        VisitStatements(c.Body, classScope, dagDefaults);
                        return;
                    }
                case With w: VisitWith(w.Items, w.Body, scope, dagDefaults); return;
                case AsyncWith w: VisitWith(w.Items, w.Body, scope, dagDefaults); return;
                // What the loop below would do for these, without reading their number and operator fields through
                // GetField (which boxes them): imports hold no expression.
                case Import or ImportFrom: return;
                case AugAssign a:
                    VisitExpression(a.Target, scope, dagDefaults);
                    VisitExpression(a.Value, scope, dagDefaults);
                    return;
                case AnnAssign a:
                    VisitExpression(a.Target, scope, dagDefaults);
                    VisitExpression(a.Annotation, scope, dagDefaults);
                    if (a.Value is not null) VisitExpression(a.Value, scope, dagDefaults);
                    return;
            }
            // Any other statement: its expressions, then its nested blocks in the same scope.
            for (int i = 0; i < stmt.FieldNames.Count; i++)
            {
                switch (stmt.GetField(i))
                {
                    case Expr e: VisitExpression(e, scope, dagDefaults); break;
                    case IReadOnlyList<Stmt> stmts: VisitStatements(stmts, scope, dagDefaults); break;
                    case IReadOnlyList<Expr> exprs: VisitExpressions(exprs, scope, dagDefaults); break;
                    case IReadOnlyList<ExceptHandlerBase> handlers:
                        for (int h = 0; h < handlers.Count; h++)
                        {
                            if (handlers[h] is not ExceptHandler eh) continue;
                            if (eh.Type is not null) VisitExpression(eh.Type, scope, dagDefaults);
                            VisitStatements(eh.Body, scope, dagDefaults);
                        }
                        break;
                    case IReadOnlyList<MatchCase> cases:
                        for (int k = 0; k < cases.Count; k++)
                        {
                            var c = cases[k];
                            if (c.Guard is not null) VisitExpression(c.Guard, scope, dagDefaults);
                            VisitStatements(c.Body, scope, dagDefaults);
                        }
                        break;
                }
            }
        }

        private void VisitWith(IReadOnlyList<WithItem> items, IReadOnlyList<Stmt> body, Scope scope, Expr? dagDefaults)
        {
            var inner = dagDefaults;
            for (int i = 0; i < items.Count; i++)
            {
                var item = items[i];
                VisitExpression(item.ContextExpr, scope, dagDefaults);
                if (item.ContextExpr is Call call && scope.Resolve(call.Func) is { } q && KnownOperators.IsDag(q))
                    inner = Keyword(call.Keywords, "default_args") ?? inner;
                else if (scope.TryGetDagVariable(item.ContextExpr, out var dagArgs) && dagArgs is not null)
                    inner = dagArgs;
            }
            VisitStatements(body, scope, inner);
        }

        private void VisitFunction(Stmt def, Arguments args, IReadOnlyList<Stmt> body, IReadOnlyList<Expr> decorators, Expr? returns, Scope scope, Expr? dagDefaults)
        {
            var inner = dagDefaults;
            for (int i = 0; i < decorators.Count; i++)
            {
                var d = decorators[i];
                VisitExpression(d, scope, dagDefaults);
                var (decoratorName, decoratorCall) = d is Call c ? (scope.Resolve(c.Func), c) : (scope.Resolve(d), null);
                if (decoratorName is null) continue;
                if (KnownOperators.IsDagDecorator(decoratorName) && decoratorCall is not null)
                    inner = Keyword(decoratorCall.Keywords, "default_args") ?? inner;
                if (decoratorCall is not null && !decoratorName.EndsWith(".kubernetes", StringComparison.Ordinal)
                    && (KnownOperators.IsTaskDecorator(decoratorName) || (decoratorName.LastIndexOf('.') is > 0 and var dot && KnownOperators.IsTaskDecorator(decoratorName[..dot]))))
                {
                    // @task(...), @task.python(...), @task.docker(...): an operator of its own; its keywords
                    // (executor_config, image...) are checked like any operator's.
                    var arguments = _arguments;
                    arguments.Clear();
                    AddSharedDefaultArgs(arguments, dagDefaults, scope);
                    AddKeywords(arguments, decoratorCall.Keywords, ArgumentOrigin.Decorator, scope);
                    var kind = decoratorName.EndsWith(".docker", StringComparison.Ordinal) ? OperatorKind.Docker : OperatorKind.Other;
                    calls.Add(new OperatorCall(kind, decoratorName, def, null, arguments, ReturnsValue(body)));
                }
                if (decoratorName.EndsWith(".kubernetes", StringComparison.Ordinal)
                    && KnownOperators.IsTaskDecorator(decoratorName[..^".kubernetes".Length]))
                {
                    var arguments = _arguments;
                    arguments.Clear();
                    AddSharedDefaultArgs(arguments, dagDefaults, scope);
                    if (decoratorCall is not null) AddKeywords(arguments, decoratorCall.Keywords, ArgumentOrigin.Decorator, scope);
                    calls.Add(new OperatorCall(OperatorKind.KubernetesTask, decoratorName, def, null, arguments, ReturnsValue(body)));
                }
            }
            VisitExpressions(args.Defaults, scope, dagDefaults);
            for (int i = 0; i < args.KwDefaults.Count; i++) if (args.KwDefaults[i] is { } e) VisitExpression(e, scope, dagDefaults);
            if (returns is not null) VisitExpression(returns, scope, dagDefaults);
            var functionScope = new Scope(scope, ScopeKind.Function);
            functionScope.BindParameters(args);
            functionScope.Collect(body, null, insideFunction: true);
            VisitStatements(body, functionScope, inner);
        }

        /// <summary>Whether a function body returns a value (ignoring nested functions and classes).</summary>
        private static bool ReturnsValue(IReadOnlyList<Stmt> body)
        {
            var stack = new Stack<Stmt>(body.Count);
            PushAll(stack, body);
            while (stack.Count > 0)
            {
                var s = stack.Pop();
                switch (s)
                {
                    case Return { Value: not null and not Constant { Value: null } }: return true;
                    case FunctionDef or AsyncFunctionDef or ClassDef: continue;
                }
                for (int i = 0; i < s.FieldNames.Count; i++)
                {
                    switch (s.GetField(i))
                    {
                        case IReadOnlyList<Stmt> stmts: PushAll(stack, stmts); break;
                        case IReadOnlyList<ExceptHandlerBase> hs: for (int h = 0; h < hs.Count; h++) if (hs[h] is ExceptHandler eh) PushAll(stack, eh.Body); break;
                        case IReadOnlyList<MatchCase> cs: for (int c = 0; c < cs.Count; c++) PushAll(stack, cs[c].Body); break;
                    }
                }
            }
            return false;
        }

        private static void PushAll(Stack<Stmt> stack, IReadOnlyList<Stmt> body)
        {
            for (int i = 0; i < body.Count; i++) stack.Push(body[i]);
        }

        private void VisitExpressions(IReadOnlyList<Expr> exprs, Scope scope, Expr? dagDefaults)
        {
            for (int i = 0; i < exprs.Count; i++) VisitExpression(exprs[i], scope, dagDefaults);
        }

        /// <summary>Visits every call inside an expression (iteratively: expression trees can be deep).</summary>
        private void VisitExpression(Expr root, Scope scope, Expr? dagDefaults)
        {
            var stack = _stack;
            stack.Clear();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (node is Call call && (_handled is null || !_handled.Contains(call))) Classify(call, scope, dagDefaults);
                else if (node is Name name && scope.Parent is not null)
                {
                    // Only names that mean something else here than at module level need remembering.
                    var local = scope.Resolve(name);
                    if (local != moduleScope.Resolve(name)) (LocalNames ??= new(ReferenceEqualityComparer.Instance))[name] = local;
                }
                _children.Clear();
                node.AddChildren(_children);
                for (int i = _children.Count - 1; i >= 0; i--) stack.Push(_children[i]);
            }
        }

        private void Classify(Call call, Scope scope, Expr? dagDefaults)
        {
            // Op.partial(...).expand(...) / .expand_kwargs(...)
            if (call.Func is Attribute { Attr: "expand" or "expand_kwargs" } expand
                && expand.Value is Call { Func: Attribute { Attr: "partial" } partialAttr } partialCall
                && Target(partialAttr.Value, scope) is { } mapped)
            {
                (_handled ??= new(ReferenceEqualityComparer.Instance)).Add(partialCall);
                var mappedArgs = _arguments;
                mappedArgs.Clear();
                AddSharedDefaultArgs(mappedArgs, DagDefaults(partialCall, scope, dagDefaults), scope);
                mappedArgs.AddRange(mapped.Partial);
                AddKeywords(mappedArgs, partialCall.Keywords, ArgumentOrigin.Partial, scope);
                AddKeywords(mappedArgs, call.Keywords, ArgumentOrigin.Expand, scope);
                calls.Add(new OperatorCall(mapped.Kind, mapped.OperatorName, call, partialAttr.Value, mappedArgs, false));
                return;
            }
            if (PartialOf(call, scope) is { } partial)
            {
                // The partial itself: the keywords it binds are judged where they are written, called or not.
                partials.Add(new OperatorCall(partial.Kind, partial.OperatorName, call, call.Args[0], partial.Partial, false, isPartial: true));
                return;
            }
            if (Target(call.Func, scope) is not { } target) return;
            var arguments = _arguments;
            arguments.Clear();
            AddSharedDefaultArgs(arguments, DagDefaults(call, scope, dagDefaults), scope);
            arguments.AddRange(target.Partial);
            AddKeywords(arguments, call.Keywords, ArgumentOrigin.Call, scope);
            calls.Add(new OperatorCall(target.Kind, target.OperatorName, call, call.Func, arguments, false));
        }

        /// <summary>default_args reaching a call: its own <c>dag=</c> variable's, else the enclosing DAG context's.</summary>
        private static Expr? DagDefaults(Call call, Scope scope, Expr? contextDefaults)
        {
            var dag = Keyword(call.Keywords, "dag");
            if (dag is not null && scope.TryGetDagVariable(dag, out var defaults)) return defaults;
            return contextDefaults;
        }
    }
}
