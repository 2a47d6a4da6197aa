using System.Text;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;

namespace PodLint.Rules.Tests.Fixes;

/// <summary>ImportEditor's edits, through small test rules (removing the name <c>drop</c>; adding the k8s import).</summary>
public class ImportEditorTests
{
    private sealed class DropRule : Rule
    {
        public override RuleMetadata Metadata { get; } = new("POD993", "drop", RuleFamily.General, Severity.Warning,
            "test", "all", FixAvailability.Always, "### What it flags\n### Why it breaks\n### Fix\n");

        public override void Check(RuleContext context)
        {
            foreach (var b in context.Model.Imports)
                if (b.LocalName == "drop" && ImportEditor.RemoveIfUnused(context, b, []) is { } edit)
                    context.Report(b.Alias, "drop", new Fix("drop", FixApplicability.Safe, [edit]));
        }
    }

    private sealed class K8sRule : Rule
    {
        public override RuleMetadata Metadata { get; } = new("POD994", "k8s", RuleFamily.General, Severity.Warning,
            "test", "all", FixAvailability.Always, "### What it flags\n### Why it breaks\n### Fix\n");

        public override void Check(RuleContext context)
        {
            foreach (var stmt in context.Module.Body)
            {
                if (stmt is not PodLint.Syntax.Python.Ast.Assign { Value: PodLint.Syntax.Python.Ast.Name { Id: "PLACEHOLDER" } n }) continue;
                if (ImportEditor.EnsureK8s(context, n.Range.Start) is not { } k8s) continue;
                var edits = new List<TextEdit> { SourceEdits.Replace(n, k8s.Name + ".V1Pod()") };
                if (k8s.Import is { } i) edits.Add(i);
                context.Report(n, "k8s", new Fix("k8s", FixApplicability.Safe, edits));
            }
        }
    }

    private static string Fix(string src, Rule rule)
    {
        var outcome = FixApplier.FixFile(new Linter([rule]), "t.py", Encoding.UTF8.GetBytes(src), new LintSettings(), _ => true, false);
        Assert.Null(outcome.Error);
        return outcome.Content is null ? src : Encoding.UTF8.GetString(outcome.Content);
    }

    [Theory]
    [InlineData("import os\nfrom m import drop\nx = 1\n", "import os\nx = 1\n")]
    [InlineData("from m import drop, keep\n", "from m import keep\n")]
    [InlineData("from m import keep, drop\n", "from m import keep\n")]
    [InlineData("from m import (\n    keep,\n    drop,\n)\n", "from m import (\n    keep,\n)\n")]
    [InlineData("from m import (\n    drop,\n    keep,\n)\n", "from m import (\n    keep,\n)\n")]
    [InlineData("from m import drop\r\nx = 1\r\n", "x = 1\r\n")]
    [InlineData("from m import drop\nprint(drop)\n", "from m import drop\nprint(drop)\n")]
    [InlineData("import a; from m import drop\n", "import a; from m import drop\n")]
    public void DropsAnUnusedName(string src, string expected) => Assert.Equal(expected, Fix(src, new DropRule()));

    [Theory]
    [InlineData("\"\"\"doc\"\"\"\nimport os\n\nX = PLACEHOLDER\n", "\"\"\"doc\"\"\"\nimport os\n\nfrom kubernetes.client import models as k8s\n\nX = k8s.V1Pod()\n")]
    [InlineData("import os\r\nfrom kubernetes.client import models as km\r\nX = PLACEHOLDER\r\nY = PLACEHOLDER\r\n", "import os\r\nfrom kubernetes.client import models as km\r\nX = km.V1Pod()\r\nY = km.V1Pod()\r\n")]
    [InlineData("import kubernetes.client.models as kcm\nX = PLACEHOLDER\n", "import kubernetes.client.models as kcm\nX = kcm.V1Pod()\n")]
    [InlineData("import os\nX = PLACEHOLDER\nY = PLACEHOLDER\n", "import os\n\nfrom kubernetes.client import models as k8s\nX = k8s.V1Pod()\nY = k8s.V1Pod()\n")]
    [InlineData("\"\"\"doc\"\"\"\nX = PLACEHOLDER\n", "\"\"\"doc\"\"\"\nfrom kubernetes.client import models as k8s\n\nX = k8s.V1Pod()\n")]
    [InlineData("X = PLACEHOLDER\n\n\ndef f():\n    pass\n", "from kubernetes.client import models as k8s\n\nX = k8s.V1Pod()\n\n\ndef f():\n    pass\n")]
    [InlineData("k8s = 1\nX = PLACEHOLDER\n", "k8s = 1\nX = PLACEHOLDER\n")]
    public void AddsOrReusesTheK8sImport(string src, string expected) => Assert.Equal(expected, Fix(src, new K8sRule()));
}
