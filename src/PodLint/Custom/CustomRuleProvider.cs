using System.Buffers;
using System.Runtime.CompilerServices;
using PodLint.Rules;
using PodLint.Cli.Config;
using PodLint.Cli.Discovery;
using PodLint.Rules.Engine;
using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Text;

namespace PodLint.Cli.Custom;

/// <summary>A problem of a policy file as a POD003 finding in that file.</summary>
public sealed record PolicyFileProblem(string FullPath, Diagnostic Diagnostic, SourceText? Source);

/// <summary>The custom rules one configuration brings: those that loaded, and the problems of the files that did not.</summary>
public sealed record ConfiguredRules(IReadOnlyList<Rule> Rules, IReadOnlyList<PolicyFileProblem> Problems)
{
    public static readonly ConfiguredRules None = new([], []);
}

/// <summary>
/// Loads the <c>custom-rules</c> of each configuration once per run. The compiler lives in
/// <c>PodLint.CustomRules</c>, which is touched only from <see cref="LoadFiles"/>: a run whose configurations
/// name no custom rules never loads it (nor Roslyn). With <c>PODLINT_DEBUG=custom-rules</c> each policy's
/// load (compiled or from the cache, and how long it took) is written to stderr.
/// </summary>
public sealed class CustomRuleProvider(string cwd, TextWriter stderr)
{
    private readonly Dictionary<ConfigFile, ConfiguredRules> _byConfig = [];

    public static bool Tracing => (Environment.GetEnvironmentVariable("PODLINT_DEBUG") ?? "").Split(',').Contains("custom-rules");

    /// <exception cref="ConfigException">A <c>custom-rules</c> pattern matches no file.</exception>
    public ConfiguredRules For(ResolvedSettings settings)
    {
        var config = settings.Config;
        if (_byConfig.TryGetValue(config, out var known)) return known;
        var patterns = config.Options.CustomRules;
        if (patterns is null || patterns.Count == 0 || config.Path is null) return _byConfig[config] = ConfiguredRules.None;
        var files = Expand(config, patterns);
        return _byConfig[config] = LoadFiles(files, cwd, stderr);
    }

    /// <summary>The files the patterns name, relative to the configuration's folder, sorted and without repeats.</summary>
    public static List<string> Expand(ConfigFile config, IReadOnlyList<string> patterns)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            if (Path.IsPathRooted(pattern.Replace('\\', '/'))) throw new ConfigException($"{config.Path}: 'custom-rules' pattern '{pattern}' must be relative to the configuration's folder");
            var matches = ExpandOne(config.Folder, pattern);
            if (matches.Count == 0) throw new ConfigException($"{config.Path}: 'custom-rules' pattern '{pattern}' matches no file");
            found.UnionWith(matches);
        }
        return [.. found];
    }

    private static List<string> ExpandOne(string folder, string pattern)
    {
        string normalized = pattern.Replace('\\', '/');
        var segments = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        int literal = 0;
        while (literal < segments.Length && segments[literal].IndexOfAny(['*', '?', '[', '\\']) < 0) literal++;
        if (literal == segments.Length)
        {
            string path = Path.GetFullPath(Path.Combine(folder, Path.Combine(segments)));
            return File.Exists(path) ? [path] : [];
        }
        string baseDir = Path.GetFullPath(Path.Combine([folder, .. segments[..literal]]));
        if (!Directory.Exists(baseDir)) return [];
        var glob = Glob.Parse(normalized);
        var result = new List<string>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in Directory.EnumerateFiles(baseDir, "*", options))
        {
            string rel = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (glob.IsMatch(rel, false)) result.Add(file);
        }
        return result;
    }

    /// <summary>Loads policy files (full paths). The only way into <c>PodLint.CustomRules</c>; kept out of line so
    /// that the JIT loads that assembly only when custom rules are asked for.</summary>
    /// <exception cref="JitHandOffRequired">This is the native build, which cannot compile or load policies: the
    /// run is to be handed to the framework-dependent build (<see cref="JitHandOff"/>).</exception>
    public static ConfiguredRules LoadFiles(IReadOnlyList<string> files, string cwd, TextWriter stderr)
    {
#if PODLINT_NATIVE
        _ = (files, cwd, stderr);
        throw new JitHandOffRequired();
#else
        return LoadFilesCore(files, cwd, stderr);
#endif
    }

#if !PODLINT_NATIVE
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ConfiguredRules LoadFilesCore(IReadOnlyList<string> files, string cwd, TextWriter stderr)
    {
        var set = CustomRules.CustomRuleLoader.Load(files, new CustomRules.CustomRuleOptions(
            CustomRules.CustomRuleLoader.DefaultCacheDirectory(), [.. BuiltinRules.All.Select(r => r.Code)]));
        foreach (var w in set.Warnings) stderr.WriteLine($"podlint: warning: {w}");
        if (Tracing)
        {
            foreach (var p in set.Policies)
            {
                string how = p.FromCache ? "loaded from the cache" : "compiled";
                stderr.WriteLine($"podlint: debug: custom rules: {FileDiscovery.Display(cwd, p.Path)}: {how} in {p.Elapsed.TotalMilliseconds:0} ms ({string.Join(", ", p.Rules.Select(r => r.Code))})");
            }
            stderr.WriteLine($"podlint: debug: custom rules: compiler loaded: {(CustomRules.CustomRuleLoader.CompilerLoaded ? "yes" : "no")}");
        }
        // A policy that reaches for an API that could end or take over the process is not a finding to count:
        // it stops the run (exit 2), so that such a policy can never turn a failing check into a passing one.
        var refused = set.Problems.Where(p => p.Refused).ToList();
        if (refused.Count > 0)
        {
            var first = ToProblem(refused[0]);
            var r = first.Diagnostic.Range;
            string more = refused.Count > 1 ? $" (and {refused.Count - 1} more use{(refused.Count > 2 ? "s" : "")} of such APIs)" : "";
            throw new ConfigException($"{FileDiscovery.Display(cwd, first.FullPath)}:{r.Lineno}:{r.ColOffset + 1}: {first.Diagnostic.Message}{more}");
        }
        var problems = new List<PolicyFileProblem>();
        foreach (var p in set.Problems) problems.Add(ToProblem(p));
        return new ConfiguredRules(set.Rules, problems);
    }

    private static PolicyFileProblem ToProblem(CustomRules.PolicyProblem p)
    {
        SourceText? source = null;
        try
        {
            source = SourceText.Decode(File.ReadAllBytes(p.Path)).Source;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        SourceRange range;
        if (source is null || CompilerOffset(source.Text, p.Line, p.Column) is not int start)
        {
            range = new SourceRange(0, 0, Math.Max(1, p.Line), p.Column, Math.Max(1, p.EndLine), p.EndColumn);
        }
        else
        {
            int end = Math.Max(start, p.EndLine >= p.Line ? CompilerOffset(source.Text, p.EndLine, p.EndColumn) ?? start : start);
            var (sl, sc) = source.GetPosition(start);
            var (el, ec) = source.GetPosition(end);
            range = new SourceRange(start, end, sl, sc, el, ec);
        }
        var rule = BuiltinRules.Find(EngineCodes.CustomRuleError)!.Metadata;
        return new PolicyFileProblem(p.Path, new Diagnostic(rule.Code, rule.Name, rule.DefaultSeverity, p.Message, range), source);
    }
#endif

    /// <summary>What ends a line for the C# compiler: besides \r\n, \r and \n (all Python knows, and so
    /// <see cref="SourceText"/>'s lines), U+0085, U+2028 and U+2029.</summary>
    private static readonly SearchValues<char> CSharpLineBreaks = SearchValues.Create("\r\n\u0085\u2028\u2029");

    /// <summary>The offset of a compiler position (1-based line as C# counts lines, 0-based UTF-16 column kept on
    /// that line) in <paramref name="text"/>; null when there is no such line.</summary>
    private static int? CompilerOffset(string text, int line, int column)
    {
        if (line < 1) return null;
        int start = 0;
        for (int l = 1; l < line; l++)
        {
            int i = text.AsSpan(start).IndexOfAny(CSharpLineBreaks);
            if (i < 0) return null;
            start += i + (text[start + i] == '\r' && start + i + 1 < text.Length && text[start + i + 1] == '\n' ? 2 : 1);
        }
        int end = text.AsSpan(start).IndexOfAny(CSharpLineBreaks);
        return Math.Clamp(start + column, start, end < 0 ? text.Length : start + end);
    }
}
