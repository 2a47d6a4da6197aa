using System.Diagnostics;
using System.Text;
using PodLint.Rules;
using PodLint.Cli.Config;
using PodLint.Cli.Discovery;
using PodLint.Cli.Output;
using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;
using PodLint.Syntax.Python;

// Per-phase CPU cost of `podlint check` over a corpus, on one thread (the run is the sum over files).
//   dotnet run -c Release --project bench/PodLint.Phases -- CORPUS_DIR [--rules] [--rounds N]
// Each phase is run over every file in turn, after a warm-up round; times are the process CPU time (GC and JIT
// threads included), best of N rounds.
string dir = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
bool perRule = args.Contains("--rules");
int rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(3);

var sw = Stopwatch.StartNew();
var warnings = new List<string>();
var resolver = new SettingsResolver(new ProjectOptions(), null, dir, warnings);
var workspace = PodLint.Cli.Projects.Workspace.Discover(dir, ["."], resolver, false, default);
var files = workspace.Targets.Where(f => f.Kind is PodLint.Rules.Documents.FileKind.Python or PodLint.Rules.Documents.FileKind.LocalSettings).ToList();
double tDiscover = sw.Elapsed.TotalMilliseconds;
sw.Restart();
var projectModel = PodLint.Cli.Projects.ProjectModel.Build(workspace, new HashSet<string>(), dir, default);
var settings = files.Select(f => f.Settings.WithContext(projectModel.ContextFor(f.Project, Path.GetDirectoryName(f.FullPath)!))).ToArray();
var enabled = files.Select(f => f.Settings.EnabledFor(f.FullPath)).ToArray();
double tContext = sw.Elapsed.TotalMilliseconds;
sw.Restart();
var bytes = files.Select(f => File.ReadAllBytes(f.FullPath)).ToArray();
double tRead = sw.Elapsed.TotalMilliseconds;
long total = bytes.Sum(b => (long)b.Length);
Console.WriteLine($"{files.Count} files, {total / 1e6:F1} MB; discover {tDiscover:F0} ms, contexts {tContext:F0} ms, read {tRead:F0} ms (first touch, one thread)");

var all = new Linter(BuiltinRules.All);
var none = new Linter([]);
Finding[][] rendered = new Finding[files.Count][];

(double Ms, double MB) Measure(string name, Action<int> body)
{
    double best = double.MaxValue, alloc = 0;
    for (int r = 0; r <= rounds; r++)
    {
        long a0 = GC.GetAllocatedBytesForCurrentThread();
        var c0 = Process.GetCurrentProcess().TotalProcessorTime;
        for (int i = 0; i < files.Count; i++) body(i);
        double ms = (Process.GetCurrentProcess().TotalProcessorTime - c0).TotalMilliseconds;
        if (r == 0) Console.Write($"  (cold round: {ms:F0} ms) ");
        if (r > 0 && ms < best) { best = ms; alloc = (GC.GetAllocatedBytesForCurrentThread() - a0) / 1e6; }
    }
    Console.WriteLine($"{name,-34} {best,9:F0} ms  {total / 1e6 / (best / 1000),7:F1} MB/s  {alloc,8:F0} MB allocated");
    return (best, alloc);
}

if (args.Contains("--parallel"))
{
    for (int r = 0; r < rounds; r++)
    {
        var c0 = Process.GetCurrentProcess().TotalProcessorTime;
        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        var pause0 = GC.GetTotalPauseDuration();
        var w = Stopwatch.StartNew();
        Parallel.For(0, files.Count, i =>
        {
            var r = all.Lint(files[i].DisplayPath, File.ReadAllBytes(files[i].FullPath), settings[i], enabled[i]);
            var f = new Finding[r.Diagnostics.Count];
            for (int k = 0; k < f.Length; k++) f[k] = Finding.Create(files[i].DisplayPath, r.Diagnostics[k], r.Source);
            rendered[i] = f;
        });
        Console.WriteLine($"parallel read+lint+render: wall {w.Elapsed.TotalMilliseconds:F0} ms, CPU {(Process.GetCurrentProcess().TotalProcessorTime - c0).TotalMilliseconds:F0} ms, " +
            $"GCs {GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}, pause {(GC.GetTotalPauseDuration() - pause0).TotalMilliseconds:F0} ms");
    }
    return;
}
Measure("read (cached)", i => File.ReadAllBytes(files[i].FullPath));
var sources = bytes.Select(b => PodLint.Syntax.Text.SourceText.Decode(b).Source!).ToArray();
Measure("decode", i => PodLint.Syntax.Text.SourceText.Decode(bytes[i]));
Measure("tokenize", i => Tokenizer.Tokenize(sources[i]));
var parse = Measure("parse (decode+tokenize+parse)", i => PythonParser.Parse(bytes[i]));
var model = Measure("parse + model", i => { var p = PythonParser.Parse(bytes[i]); if (p.Module is not null) ModuleModel.Build(p.Module); });
var bare = Measure("lint, no rules (parse+model+noqa)", i => none.Lint(files[i].DisplayPath, bytes[i], settings[i], enabled[i]));
var lint = Measure("lint, all rules", i => all.Lint(files[i].DisplayPath, bytes[i], settings[i], enabled[i]));
var render = Measure("lint + render (Finding.Create)", i =>
{
    var r = all.Lint(files[i].DisplayPath, bytes[i], settings[i], enabled[i]);
    var f = new Finding[r.Diagnostics.Count];
    for (int k = 0; k < f.Length; k++) f[k] = Finding.Create(files[i].DisplayPath, r.Diagnostics[k], r.Source);
    rendered[i] = f;
});
var findings = rendered.SelectMany(f => f).ToList();
var sortW = Stopwatch.StartNew();
findings.Sort(Finding.Compare);
double tSort = sortW.Elapsed.TotalMilliseconds;
double bestWrite = double.MaxValue;
for (int r = 0; r <= rounds; r++)
{
    var ms = new MemoryStream();
    var t = Stopwatch.StartNew();
    using (var text = new StreamWriter(ms, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
        Reporters.Write(OutputFormats.Concise, findings, ms, text);
    if (r > 0) bestWrite = Math.Min(bestWrite, t.Elapsed.TotalMilliseconds);
}
Console.WriteLine($"{findings.Count} findings; sort {tSort:F0} ms; write concise {bestWrite:F0} ms");
Console.WriteLine();
Console.WriteLine($"per phase (one thread): parse {parse.Ms:F0}, model {model.Ms - parse.Ms:F0}, noqa+sort {bare.Ms - model.Ms:F0}, rules {lint.Ms - bare.Ms:F0}, render {render.Ms - lint.Ms:F0}, write {bestWrite:F0} ms");

if (perRule)
{
    Console.WriteLine();
    foreach (var rule in BuiltinRules.All)
    {
        var one = new Linter([rule]);
        var m = Measure($"rule {rule.Code}", i => one.Lint(files[i].DisplayPath, bytes[i], settings[i], enabled[i]));
        Console.WriteLine($"  -> {rule.Code} {m.Ms - bare.Ms,7:F0} ms  {m.MB - bare.MB,6:F0} MB");
    }
}
