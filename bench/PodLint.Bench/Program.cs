using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PodLint.Syntax.Python;

namespace PodLint.Bench;

/// <summary>
/// Parser throughput on the CPython standard library: ours (in-process, one thread) against CPython 3.13's
/// own parser (a subprocess running bench/cpython_parse.py on the same files). Both preload the files and
/// time only the parse loop after warm-up.
/// Options: --iterations N (5), --warmup N (2), --stdlib PATH (the interpreter's), --python EXE (python3.13),
/// --errors DIR: also time the files under DIR, which should all be broken (for example the output of
/// tools/gen_syntax_mutants.py): the error path, where a second pass finds CPython's message and position.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        int iterations = IntOption(args, "--iterations", 5);
        int warmup = IntOption(args, "--warmup", 2);
        string python = Option(args, "--python") ?? Environment.GetEnvironmentVariable("PODLINT_PYTHON") ?? "python3.13";
        string? stdlib = Option(args, "--stdlib") ?? Environment.GetEnvironmentVariable("PODLINT_STDLIB");
        stdlib ??= RunPython(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]).Trim();

        var paths = FindFiles(stdlib);
        var sources = paths.Select(File.ReadAllBytes).ToArray();
        long totalBytes = sources.Sum(s => (long)s.Length);
        double mb = totalBytes / 1e6;
        Console.WriteLine($"corpus: {stdlib} (*.py, without site-packages): {paths.Count} files, {mb:F1} MB");

        // Ours.
        var rejected = new List<(string Path, string Error)>();
        for (int i = 0; i < sources.Length; i++)
        {
            var result = PythonParser.Parse(sources[i]);
            if (result.Error is { } e) rejected.Add((paths[i], e.ToString()));
        }
        for (int w = 1; w < warmup; w++) ParseAll(sources);
        var times = new List<double>();
        for (int it = 0; it < iterations; it++) times.Add(ParseAll(sources));
        double ourMedian = Median(times);
        Console.WriteLine($"podlint: median {mb / ourMedian,8:F2} MB/s  {sources.Length / ourMedian,8:F0} files/s"
            + $"  (best {mb / times.Min():F2} MB/s, {iterations} iterations after {warmup} warm-up)");
        Console.WriteLine($"podlint: rejected {rejected.Count} of {sources.Length} files");
        foreach (var (path, error) in rejected.Take(5)) Console.WriteLine($"  {path}: {error}");
        if (rejected.Count > 5) Console.WriteLine($"  ... and {rejected.Count - 5} more");

        if (Option(args, "--errors") is { } errorsDir) MeasureErrors(errorsDir, iterations, warmup);

        // CPython, on exactly the same list.
        string list = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(list, paths);
            string script = Path.Combine(FindRepoRoot(), "bench", "cpython_parse.py");
            var json = RunPython(python, [script, list, "--iterations", iterations.ToString(CultureInfo.InvariantCulture), "--warmup", Math.Max(1, warmup).ToString(CultureInfo.InvariantCulture)]);
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            double cpy = root.GetProperty("median_mb_per_s").GetDouble();
            Console.WriteLine($"cpython {root.GetProperty("python").GetString()}: median {cpy,8:F2} MB/s  {root.GetProperty("median_files_per_s").GetDouble(),8:F0} files/s"
                + $"  (best {root.GetProperty("best_mb_per_s").GetDouble():F2} MB/s; rejected {root.GetProperty("rejected").GetInt32()})");
            Console.WriteLine($"ratio podlint/cpython: {mb / ourMedian / cpy:F2}x");
            int cpyRejected = root.GetProperty("rejected").GetInt32();
            if (rejected.Count > cpyRejected)
                Console.WriteLine($"warning: podlint rejected {rejected.Count - cpyRejected} more files than CPython; its time covers less work, so the ratio flatters it");
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or JsonException)
        {
            Console.WriteLine($"cpython: not measured ({e.Message})");
        }
        finally
        {
            File.Delete(list);
        }
        return 0;
    }

    private static double ParseAll(byte[][] sources)
    {
        var sw = Stopwatch.StartNew();
        int ok = 0;
        foreach (var s in sources)
        {
            if (PythonParser.Parse(s).Success) ok++;
        }
        sw.Stop();
        GC.KeepAlive(ok);
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>Throughput on broken files: every failure pays for the error pass that finds CPython's error.</summary>
    private static void MeasureErrors(string folder, int iterations, int warmup)
    {
        var files = FindFiles(folder);
        var sources = files.Select(File.ReadAllBytes).ToArray();
        double mb = sources.Sum(s => (long)s.Length) / 1e6;
        int rejected = sources.Count(s => !PythonParser.Parse(s).Success);
        for (int w = 1; w < warmup; w++) ParseAll(sources);
        var times = new List<double>();
        for (int it = 0; it < iterations; it++) times.Add(ParseAll(sources));
        double median = Median(times);
        Console.WriteLine($"podlint, broken files ({folder}: {sources.Length} files, {mb:F1} MB, {rejected} rejected): median {mb / median,8:F2} MB/s"
            + $"  {sources.Length / median,8:F0} files/s  (best {mb / times.Min():F2} MB/s)");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>The differential test's corpus: *.py under the stdlib, no site-packages, sorted by path.</summary>
    private static List<string> FindFiles(string root)
    {
        var found = new List<string>();
        void Visit(string folder)
        {
            foreach (var entry in new DirectoryInfo(folder).GetFileSystemInfos())
            {
                string path = folder + "/" + entry.Name;
                if (entry is DirectoryInfo)
                {
                    if (entry.LinkTarget is null && entry.Name != "site-packages") Visit(path);
                }
                else if (entry.Name.EndsWith(".py", StringComparison.Ordinal) && File.Exists(path)) found.Add(path);
            }
        }
        Visit(root.TrimEnd('/'));
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private static string RunPython(string python, string[] arguments)
    {
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PYENV_VERSION"))) psi.Environment["PYENV_VERSION"] = "3.13.0";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {python}");
        var err = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{python} exited with {process.ExitCode}: {err.Result}");
        return output;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PodLint.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("PodLint.sln not found");
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Option(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
