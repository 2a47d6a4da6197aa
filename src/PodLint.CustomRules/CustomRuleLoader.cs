using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using PodLint.Rules.Engine;

namespace PodLint.CustomRules;

/// <summary>
/// Something wrong with a policy file, located in it: <see cref="Line"/> 1-based, columns 0-based UTF-16
/// offsets into the line (what the compiler gives). <see cref="Refused"/>: the policy uses an API policies may not
/// (it would end or take over the process), which stops the run rather than becoming a finding.
/// </summary>
public sealed record PolicyProblem(string Path, int Line, int Column, int EndLine, int EndColumn, string Message)
{
    public bool Refused { get; init; }
}

/// <summary>One policy file that loaded: its prefix, its rules, and whether it came from the cache.</summary>
public sealed record LoadedPolicy(string Path, string Prefix, IReadOnlyList<Rule> Rules, bool FromCache, TimeSpan Elapsed);

/// <summary>What loading a configuration's <c>custom-rules</c> gave: the rules that can run and the problems of the files that could not.</summary>
public sealed record CustomRuleSet(IReadOnlyList<Rule> Rules, IReadOnlyList<PolicyProblem> Problems, IReadOnlyList<LoadedPolicy> Policies)
{
    /// <summary>What was wrong with the cache (an entry or folder not trusted): said once, then compiled in memory or again.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Where compiled policies are kept, and which codes are taken already (the built-in ones).</summary>
public sealed record CustomRuleOptions(string CacheDirectory, IReadOnlyCollection<string> ReservedCodes);

/// <summary>
/// Compiles policy files (C#, one assembly per file) against PodLint's rule API and loads their rules.
/// A compiled policy is cached on disk under the SHA-256 of its path, its bytes and the PodLint and Roslyn
/// builds, so a warm start loads the cached assembly and never loads the compiler. Nothing here throws for a
/// bad policy: every problem becomes a <see cref="PolicyProblem"/> and the other files still load.
/// The cache is trusted only as far as it is private (<see cref="CacheTrust"/>): its folder is created 0700; a
/// folder or entry owned by another user or writable by group or others is not used, and an entry whose bytes do
/// not hash to what was recorded when it was compiled is compiled again; each with a warning.
/// </summary>
public static class CustomRuleLoader
{
    /// <summary>Assemblies loaded by this process, by cache key: the same policy is never loaded twice.</summary>
    private static readonly ConcurrentDictionary<string, (Assembly Assembly, SourceMap Map)> s_loaded = new(StringComparer.Ordinal);

    private static readonly Lock s_gate = new();

    /// <summary>Cache folders already warned about in this process.</summary>
    private static readonly HashSet<string> s_warnedFolders = new(StringComparer.Ordinal);

    /// <summary>The cache folder: <c>$PODLINT_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/podlint</c>, else <c>~/.cache/podlint</c>; then <c>custom-rules</c>.</summary>
    public static string DefaultCacheDirectory()
    {
        string? root = Environment.GetEnvironmentVariable("PODLINT_CACHE_DIR");
        if (string.IsNullOrEmpty(root))
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            root = !string.IsNullOrEmpty(xdg)
                ? Path.Combine(xdg, "podlint")
                : OperatingSystem.IsWindows()
                    ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "podlint")
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "podlint");
        }
        return Path.Combine(root, "custom-rules");
    }

    /// <summary>Whether the compiler has been loaded into this process (for the start-up measurements and tests).</summary>
    public static bool CompilerLoaded =>
        AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Microsoft.CodeAnalysis.CSharp");

    /// <summary>Loads the rules of <paramref name="files"/> (full paths), in the order given.</summary>
    public static CustomRuleSet Load(IReadOnlyList<string> files, CustomRuleOptions options)
    {
        var rules = new List<Rule>();
        var problems = new List<PolicyProblem>();
        var policies = new List<LoadedPolicy>();
        var warnings = new List<string>();
        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var code in options.ReservedCodes) taken[code] = "a built-in rule";
        lock (s_gate)
        {
            foreach (var file in files)
            {
                var watch = Stopwatch.StartNew();
                byte[] source;
                try
                {
                    source = File.ReadAllBytes(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problems.Add(new PolicyProblem(file, 1, 0, 1, 0, $"cannot read the policy file: {e.Message}"));
                    continue;
                }
                var compiled = Obtain(file, source, options.CacheDirectory, problems, warnings);
                if (compiled is null) continue;
                var loaded = Instantiate(file, compiled.Value.Assembly, compiled.Value.Map, taken, problems);
                if (loaded is null) continue;
                rules.AddRange(loaded.Value.Rules);
                policies.Add(new LoadedPolicy(file, loaded.Value.Prefix, loaded.Value.Rules, compiled.Value.FromCache, watch.Elapsed));
            }
        }
        return new CustomRuleSet(rules, problems, policies) { Warnings = warnings };
    }

    /// <summary>The policy's assembly: already loaded, from the disk cache, or compiled now (and cached).</summary>
    private static (Assembly Assembly, SourceMap Map, bool FromCache)? Obtain(string file, byte[] source, string cacheDirectory, List<PolicyProblem> problems, List<string> warnings)
    {
        string key = CacheKey(file, source);
        string dll = Path.Combine(cacheDirectory, key + ".dll");
        string pdb = Path.Combine(cacheDirectory, key + ".pdb");
        string map = Path.Combine(cacheDirectory, key + ".map");
        if (s_loaded.TryGetValue(key, out var known)) return (known.Assembly, known.Map, true);
        // A folder someone else can write to is not read from nor written to: what it holds could be anyone's code.
        bool useCache = true;
        if (CacheTrust.FolderProblem(cacheDirectory) is { } folderProblem)
        {
            useCache = false;
            if (s_warnedFolders.Add(cacheDirectory))
                warnings.Add($"custom rules cache {cacheDirectory} {folderProblem}: not used, policies are compiled in memory (chmod 700 it, or remove it, to use the cache)");
        }
        string? entryProblem = null;
        if (useCache && File.Exists(dll) && File.Exists(map))
        {
            entryProblem = CacheTrust.FileProblem(dll) ?? CacheTrust.FileProblem(map) ?? (File.Exists(pdb) ? CacheTrust.FileProblem(pdb) : null);
            if (entryProblem is not null) warnings.Add($"custom rules cache entry {entryProblem}; not used, compiled again");
        }
        if (useCache && entryProblem is null && File.Exists(dll) && File.Exists(map) && SourceMap.TryRead(map) is { ImageHash: { } expected } cachedMap)
        {
            try
            {
                byte[] image = File.ReadAllBytes(dll);
                byte[]? symbols = File.Exists(pdb) ? File.ReadAllBytes(pdb) : null;
                // A damaged entry never reaches the runtime: a bad image may load and fail only when its code runs,
                // and a failed load can leave its assembly name unusable for the recompiled one in this process.
                if (ImageHash(image, symbols) == expected)
                {
                    var assembly = AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(image), symbols is null ? null : new MemoryStream(symbols));
                    s_loaded[key] = (assembly, cachedMap);
                    MarkUsed(map);
                    return (assembly, cachedMap, true);
                }
                warnings.Add($"custom rules cache entry {dll} does not match the SHA-256 recorded when it was compiled; not used, compiled again");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or PlatformNotSupportedException or NotSupportedException)
            {
                // A damaged cache entry (or a build that cannot load code): compile again below, which says why if it fails too.
            }
        }
        var output = Compile(file, source, "podlint.policy." + key[..16]);
        if (output.Errors.Count > 0)
        {
            problems.AddRange(output.Errors);
            return null;
        }
        if (useCache)
        {
            TryWriteCache(cacheDirectory, dll, output.Assembly!, pdb, output.Symbols!, map, output.Map);
            Prune(cacheDirectory, DateTime.UtcNow - UnusedEntryLifetime);
        }
        Assembly loadedAssembly;
        try
        {
            loadedAssembly = AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(output.Assembly!), new MemoryStream(output.Symbols!));
        }
        catch (Exception e) when (e is PlatformNotSupportedException or NotSupportedException or FileLoadException or BadImageFormatException)
        {
            problems.Add(new PolicyProblem(file, 1, 0, 1, 0, $"the compiled policy cannot be loaded by this podlint build ({e.GetType().Name}: {e.Message}); custom rules need the framework-dependent podlint"));
            return null;
        }
        s_loaded[key] = (loadedAssembly, output.Map);
        return (loadedAssembly, output.Map, false);
    }

    /// <summary>Kept out of line so that only a compile loads Roslyn.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CompileOutput Compile(string file, byte[] source, string assemblyName) => PolicyCompiler.Compile(file, source, assemblyName);

    /// <summary>
    /// SHA-256 over the policy's full path and bytes and the builds it is compiled against (PodLint's rule
    /// and syntax assemblies by module version id, the Roslyn version).
    /// </summary>
    internal static string CacheKey(string file, byte[] source)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"podlint-policy/1\n{Path.GetFullPath(file)}\n"));
        hash.AppendData(typeof(Rule).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        hash.AppendData(typeof(Syntax.Python.Ast.Module).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        string roslyn = typeof(CustomRuleLoader).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RoslynVersion")?.Value ?? "";
        hash.AppendData(Encoding.UTF8.GetBytes("\n" + roslyn + "\n"));
        hash.AppendData(source);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>How long an entry may go unused before a compile removes it (every edit of a policy leaves one behind).</summary>
    public static readonly TimeSpan UnusedEntryLifetime = TimeSpan.FromDays(30);

    /// <summary>A warm load stamps the entry's map, so that <see cref="Prune"/> keeps entries in use.</summary>
    private static void MarkUsed(string map)
    {
        try
        {
            File.SetLastWriteTimeUtc(map, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only cache still serves; it is just never pruned.
        }
    }

    /// <summary>
    /// Removes the entries whose map was last used before <paramref name="cutoff"/>, and temporary files a killed
    /// run left behind. Runs after a compile only, so a warm start pays nothing for it.
    /// </summary>
    internal static void Prune(string directory, DateTime cutoff)
    {
        try
        {
            foreach (var map in Directory.EnumerateFiles(directory, "*.map"))
            {
                if (File.GetLastWriteTimeUtc(map) >= cutoff) continue;
                string stem = map[..^".map".Length];
                File.Delete(map); // first: without its map an entry is never used, whatever remains of it
                File.Delete(stem + ".dll");
                File.Delete(stem + ".pdb");
            }
            foreach (var temp in Directory.EnumerateFiles(directory, "*.tmp"))
            {
                if (File.GetLastWriteTimeUtc(temp) < DateTime.UtcNow - TimeSpan.FromHours(1)) File.Delete(temp);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another run pruning at the same time, or a read-only cache: nothing to do.
        }
    }

    /// <summary>SHA-256 of a cached assembly and its symbols, recorded in the entry's map.</summary>
    private static string ImageHash(byte[] image, byte[]? symbols)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes((long)image.Length));
        hash.AppendData(image);
        if (symbols is not null) hash.AppendData(symbols);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void TryWriteCache(string directory, string dll, byte[] assembly, string pdb, byte[] symbols, string map, SourceMap sourceMap)
    {
        try
        {
            CacheTrust.CreatePrivateFolder(directory);
            // The map goes last: an entry counts only when its map is there, so a half-written entry is never used.
            WriteAtomically(dll, assembly);
            WriteAtomically(pdb, symbols);
            WriteAtomically(map, Encoding.UTF8.GetBytes(sourceMap.Serialize(ImageHash(assembly, symbols))));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No cache (read-only home, full disk): the next run compiles again, nothing else changes.
        }
    }

    /// <summary>The code base's one atomic writer (src/Shared/AtomicWriter.cs, compiled into this assembly too).</summary>
    private static void WriteAtomically(string path, byte[] bytes) => Shared.IO.AtomicWriter.WriteAllBytes(path, bytes);

    /// <summary>Checks the prefix and creates the rules of a loaded policy; problems are located with the compile-time map.</summary>
    private static (string Prefix, List<Rule> Rules)? Instantiate(string file, Assembly assembly, SourceMap map, Dictionary<string, string> taken, List<PolicyProblem> problems)
    {
        PolicyProblem At(string? typeName, string message)
        {
            var span = typeName is not null && map.Types.TryGetValue(typeName, out var s) ? s : map.Prefix ?? SourceSpan.Start;
            return new PolicyProblem(file, span.Line, span.Column, span.EndLine, span.EndColumn, message);
        }

        string? prefix = assembly.GetCustomAttribute<RulePrefixAttribute>()?.Prefix;
        if (prefix is null)
        {
            problems.Add(At(null, "the policy declares no rule prefix: add [assembly: RulePrefix(\"ACME\")] (two to eight capital letters)"));
            return null;
        }
        if (RulePrefixAttribute.Problem(prefix) is { } prefixProblem)
        {
            problems.Add(At(null, prefixProblem));
            return null;
        }
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = [.. e.Types.Where(t => t is not null)!];
        }
        var rules = new List<Rule>();
        bool failed = false;
        foreach (var type in types.Where(t => t is { IsAbstract: false, IsClass: true } && typeof(Rule).IsAssignableFrom(t)).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            string typeName = type.FullName ?? type.Name;
            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                problems.Add(At(typeName, $"rule class {type.Name} needs a public constructor without parameters"));
                failed = true;
                continue;
            }
            Rule rule;
            RuleMetadata metadata;
            try
            {
                rule = (Rule)Activator.CreateInstance(type)!;
                metadata = rule.Metadata ?? throw new InvalidOperationException("Metadata is null");
            }
            catch (Exception e)
            {
                var inner = e is TargetInvocationException { InnerException: { } i } ? i : e;
                problems.Add(At(typeName, $"rule class {type.Name} failed to start: {inner.GetType().Name}: {inner.Message}"));
                failed = true;
                continue;
            }
            if (!IsCodeOf(prefix, metadata.Code))
            {
                problems.Add(At(typeName, $"rule class {type.Name} has code '{metadata.Code}': codes in this file are the prefix {prefix} and three digits, like {prefix}001"));
                failed = true;
                continue;
            }
            if (!RuleMetadata.IsValidName(metadata.Name))
            {
                problems.Add(At(typeName, $"rule {metadata.Code} has name '{metadata.Name}': names are lower-case words joined by '-', like required-labels"));
                failed = true;
                continue;
            }
            if (metadata.Family != RuleFamily.Custom)
            {
                problems.Add(At(typeName, $"rule {metadata.Code} must use RuleFamily.Custom (RuleMetadata.Custom(...) sets it)"));
                failed = true;
                continue;
            }
            if (taken.TryGetValue(metadata.Code, out var owner))
            {
                problems.Add(At(typeName, $"rule code {metadata.Code} is already used by {owner}"));
                failed = true;
                continue;
            }
            if (rules.Find(r => string.Equals(r.Code, metadata.Code, StringComparison.OrdinalIgnoreCase)) is { } sibling)
            {
                problems.Add(At(typeName, $"rule code {metadata.Code} is already used by {sibling.GetType().Name} in {Path.GetFileName(file)}"));
                failed = true;
                continue;
            }
            rules.Add(rule);
        }
        if (failed) return null;
        if (rules.Count == 0)
        {
            problems.Add(At(null, "the policy defines no rule: a public class deriving from PodLint.Rules.Engine.Rule"));
            return null;
        }
        foreach (var r in rules) taken[r.Code] = $"{r.GetType().Name} in {Path.GetFileName(file)}";
        return (prefix, rules);
    }

    /// <summary>The prefix followed by exactly three ASCII digits.</summary>
    private static bool IsCodeOf(string prefix, string? code) =>
        code is not null && code.Length == prefix.Length + 3 && code.StartsWith(prefix, StringComparison.Ordinal)
        && code.AsSpan(prefix.Length).IndexOfAnyExceptInRange('0', '9') < 0;
}

/// <summary>A place in a policy file: 1-based lines, 0-based columns.</summary>
internal readonly record struct SourceSpan(int Line, int Column, int EndLine, int EndColumn)
{
    public static readonly SourceSpan Start = new(1, 0, 1, 0);
}

/// <summary>
/// Where the compiler saw the rule classes and the prefix attribute, kept beside the cached assembly so that a
/// warm start can locate a problem without the compiler. One line per entry: <c>name TAB line TAB col TAB endLine TAB endCol</c>,
/// the prefix attribute under the name <c>@prefix</c>; in the cache, a first line <c>@image TAB sha256</c> of the assembly and symbols.
/// </summary>
internal sealed class SourceMap
{
    public static readonly SourceMap Empty = new();

    public Dictionary<string, SourceSpan> Types { get; } = new(StringComparer.Ordinal);

    public SourceSpan? Prefix { get; set; }

    /// <summary>The <c>@image</c> line of a cached map: what the entry's assembly and symbols hash to.</summary>
    public string? ImageHash { get; private set; }

    public string Serialize(string? imageHash = null)
    {
        var sb = new StringBuilder();
        if (imageHash is not null) sb.Append($"@image\t{imageHash}\n");
        if (Prefix is { } p) sb.Append($"@prefix\t{p.Line}\t{p.Column}\t{p.EndLine}\t{p.EndColumn}\n");
        foreach (var (name, s) in Types.OrderBy(t => t.Key, StringComparer.Ordinal)) sb.Append($"{name}\t{s.Line}\t{s.Column}\t{s.EndLine}\t{s.EndColumn}\n");
        return sb.ToString();
    }

    public static SourceMap? TryRead(string path)
    {
        try
        {
            if (!File.Exists(path)) return null;
            var map = new SourceMap();
            foreach (var line in File.ReadAllLines(path))
            {
                var parts = line.Split('\t');
                if (parts is ["@image", var imageHash])
                {
                    map.ImageHash = imageHash;
                    continue;
                }
                if (parts.Length != 5) return null;
                var span = new SourceSpan(int.Parse(parts[1]), int.Parse(parts[2]), int.Parse(parts[3]), int.Parse(parts[4]));
                if (parts[0] == "@prefix") map.Prefix = span;
                else map.Types[parts[0]] = span;
            }
            return map;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }
}

/// <summary>The compiler's result: the assembly and its symbols, or the errors.</summary>
internal sealed record CompileOutput(byte[]? Assembly, byte[]? Symbols, SourceMap Map, IReadOnlyList<PolicyProblem> Errors);
