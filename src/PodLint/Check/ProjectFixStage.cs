using PodLint.Cli.Output;
using PodLint.Rules.Engine;
using PodLint.Syntax.Text;

namespace PodLint.Cli.Check;

/// <summary>
/// Fixes that live in another file than their findings (<see cref="IProjectFixer"/>, e.g. POD101's XCom sidecar
/// override): each such rule is asked once per project that has its findings. With a diff or patch (<paramref
/// name="forPatch"/>) the changes join it, count as fixes and the rule's notes are printed; in every case each finding
/// of the project carries them (<see cref="Finding.OtherFileChanges"/>, SARIF's <c>fixes</c>).
/// </summary>
public static class ProjectFixStage
{
    public static void Append(CheckPlan plan, RunResult run, string cwd, TextWriter stderr, bool forPatch)
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
                var result = fixer.FixProject(new ProjectFixRequest(project.DisplayRoot, findings, context, display => ReadFile(cwd, display))
                {
                    FolderExists = display => Directory.Exists(Path.GetFullPath(Path.Combine(cwd, display))),
                });
                foreach (var (level, text) in forPatch ? result.Messages : [])
                {
                    string line = $"podlint: {(level == ProjectFixMessageLevel.Note ? "note" : "warning")}: {text}";
                    if (printed.Add(line)) stderr.WriteLine(line);
                }
                if (result.Changes.Count == 0) continue;
                string description = result.Title ?? $"{code}: change {string.Join(", ", result.Changes.Select(c => c.Path))}";
                var others = result.Changes
                    .Select(c => OtherFileChange.Create(c.Path, description, c.Before, c.After))
                    .OfType<OtherFileChange>()
                    .ToList();
                for (int i = 0; i < run.Findings.Count; i++)
                {
                    var f = run.Findings[i];
                    if (f.Code == code && targetByPath.TryGetValue(f.Path, out var t) && t.Project.Root == project.Root)
                        run.Findings[i] = f with { OtherFileChanges = others };
                }
                if (!forPatch) continue;
                foreach (var change in result.Changes)
                {
                    string patchPath = IO.PatchTarget.InRepository(change.Path, Path.GetFullPath(Path.Combine(cwd, change.Path)), project.Ceiling);
                    run.Diffs.Add(new FileDiff(patchPath, UnifiedDiff.Create(patchPath, change.Before ?? [], change.After, newFile: change.Before is null)));
                }
                run.Fixed += findings.Count;
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
