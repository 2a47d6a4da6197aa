using PodLint.Cli.Output;
using PodLint.Rules.Engine;
using PodLint.Syntax.Text;

namespace PodLint.Cli.Check;

/// <summary>
/// Fixes that live in another file than their findings (<see cref="IProjectFixer"/>, e.g. POD101's XCom sidecar
/// override): each such rule is asked once per project that has its findings, and the changes join the diff or patch.
/// </summary>
public static class ProjectFixStage
{
    public static void Append(CheckPlan plan, RunResult run, string cwd, TextWriter stderr)
    {
        var targetByPath = new Dictionary<string, LintTarget>(StringComparer.Ordinal);
        foreach (var t in plan.Targets) targetByPath.TryAdd(t.DisplayPath, t);
        var printed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fixer in plan.Rules.OfType<IProjectFixer>())
        {
            string code = ((Rule)fixer).Code;
            var byProject = new SortedDictionary<string, (Projects.Project Project, List<(Diagnostic, LintSettings)> Findings)>(StringComparer.Ordinal);
            foreach (var f in run.Findings)
            {
                if (f.Code != code || !targetByPath.TryGetValue(f.Path, out var target)) continue;
                if (!byProject.TryGetValue(target.Project.Root, out var entry)) byProject[target.Project.Root] = entry = (target.Project, []);
                entry.Findings.Add((f.Diagnostic, target.Settings));
            }
            foreach (var (_, (project, findings)) in byProject)
            {
                var context = plan.Model.ContextFor(project, project.Root);
                var result = fixer.FixProject(new ProjectFixRequest(project.DisplayRoot, findings, context, display => ReadFile(cwd, display)));
                foreach (var (level, text) in result.Messages)
                {
                    string line = $"podlint: {(level == ProjectFixMessageLevel.Note ? "note" : "warning")}: {text}";
                    if (printed.Add(line)) stderr.WriteLine(line);
                }
                foreach (var change in result.Changes)
                {
                    run.Diffs.Add(new FileDiff(change.Path, UnifiedDiff.Create(change.Path, change.Before ?? [], change.After, newFile: change.Before is null)));
                }
            }
        }
    }

    private static byte[]? ReadFile(string cwd, string display)
    {
        string full = Path.GetFullPath(Path.Combine(cwd, display));
        try
        {
            return File.Exists(full) ? File.ReadAllBytes(full) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
