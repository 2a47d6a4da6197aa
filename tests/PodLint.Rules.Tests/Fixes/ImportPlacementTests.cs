using System.Diagnostics;
using System.Text;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Rules.Versions;

namespace PodLint.Rules.Tests.Fixes;

/// <summary>
/// Where a fix puts the import it needs (<c>from kubernetes.client import models as k8s</c>, through POD301's fix):
/// the exact text isort and ruff's I001 would leave alone. Each case states the fixed file exactly; with Debian's
/// <c>isort</c> installed, isort (profile black, <c>common</c> as first party) must also find the input and the output
/// sorted. Without isort the oracle check is skipped, or fails when <c>PODLINT_REQUIRE_ISORT=1</c>.
/// </summary>
public class ImportPlacementTests
{
    public const string RequireVariable = "PODLINT_REQUIRE_ISORT";

    // Raw strings drop the line break before their closing quotes: the blank line after the imports is written here.
    private const string Call = """

        task = KubernetesPodOperator(task_id="t", image="registry.example.com/t:1", resources={"limit_cpu": "1"})

        """;

    private const string FixedCall = """

        task = KubernetesPodOperator(task_id="t", image="registry.example.com/t:1", container_resources=k8s.V1ResourceRequirements(limits={"cpu": "1"}))

        """;

    public static TheoryData<string, string, string> Cases() => new()
    {
        {
            "sorted into the third-party group, before a module that sorts after it, first-party group untouched",
            """
            import os
            from datetime import datetime

            import pendulum
            from airflow import DAG
            from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
            from pendulum import duration

            from common.naming import task_name

            """,
            """
            import os
            from datetime import datetime

            import pendulum
            from airflow import DAG
            from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
            from kubernetes.client import models as k8s
            from pendulum import duration

            from common.naming import task_name

            """
        },
        {
            "after the previous import, not between the next import and its comment (a blank line above a comment is not a section break)",
            """
            from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

            # pendulum is pinned by the image
            from pendulum import datetime

            """,
            """
            from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
            from kubernetes.client import models as k8s

            # pendulum is pinned by the image
            from pendulum import datetime

            """
        },
        {
            "ordered against the third-party imports only when a section comment joins them to the standard library",
            """
            from os import path

            # third-party packages
            from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
            from yaml import safe_load

            """,
            """
            from os import path

            # third-party packages
            from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
            from kubernetes.client import models as k8s
            from yaml import safe_load

            """
        },
        {
            "into the group that already imports from kubernetes, after the same module",
            """
            from __future__ import annotations

            import logging

            from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
            from kubernetes.client import V1Pod
            from yaml import safe_load

            """,
            """
            from __future__ import annotations

            import logging

            from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
            from kubernetes.client import V1Pod
            from kubernetes.client import models as k8s
            from yaml import safe_load

            """
        },
        {
            "a third-party group of its own after the standard library when the operator is imported in a try block",
            """
            import os

            try:
                from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
            except ImportError:
                from airflow.providers.cncf.kubernetes.operators.kubernetes_pod import KubernetesPodOperator

            """,
            """
            import os

            from kubernetes.client import models as k8s

            try:
                from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
            except ImportError:
                from airflow.providers.cncf.kubernetes.operators.kubernetes_pod import KubernetesPodOperator

            """
        },
    };

    private static readonly LintSettings Settings = new()
    {
        Versions = TargetVersions.Unknown with { Airflow = PackageVersion.Parse("2.9.3"), CncfKubernetes = PackageVersion.Parse("8.4.1") },
    };

    private static string Fix(string source)
    {
        var outcome = FixApplier.FixFile(new Linter(BuiltinRules.All), "dag.py", Encoding.UTF8.GetBytes(source), Settings, c => c == "POD301", applyUnsafe: false);
        Assert.Null(outcome.Error);
        Assert.Equal(1, outcome.Applied);
        return Encoding.UTF8.GetString(outcome.Content!);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_import_goes_where_isort_puts_it(string why, string imports, string expected)
    {
        Assert.False(string.IsNullOrEmpty(why));
        Assert.Equal(expected + FixedCall, Fix(imports + Call));
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Isort_finds_the_input_and_the_fixed_file_sorted(string why, string imports, string expected)
    {
        RequireOrSkip();
        var dir = Directory.CreateTempSubdirectory("podlint-isort").FullName;
        try
        {
            Assert.Equal((0, ""), Isort(dir, imports + Call));
            Assert.Equal((0, ""), Isort(dir, Fix(imports + Call)));
            Assert.Equal(expected + FixedCall, Fix(imports + Call));
            Assert.False(string.IsNullOrEmpty(why));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static readonly Lazy<string?> s_unavailable = new(Probe);

    /// <summary>Skips when isort is missing, unless <c>PODLINT_REQUIRE_ISORT=1</c>, in which case the test fails.</summary>
    private static void RequireOrSkip()
    {
        if (s_unavailable.Value is not { } reason) return;
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            Assert.Fail($"{RequireVariable}=1 but isort is unavailable: {reason} (apt-get install isort)");
        Skip.If(true, $"isort unavailable ({reason}); set {RequireVariable}=1 to make this a failure");
    }

    private static string? Probe()
    {
        try
        {
            var psi = new ProcessStartInfo("isort") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add("--version");
            using var p = Process.Start(psi)!;
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : $"isort --version exited with {p.ExitCode}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    }

    /// <summary>isort's verdict on <paramref name="source"/>: exit code and the diff it would apply ("" when sorted).</summary>
    private static (int Code, string Diff) Isort(string dir, string source)
    {
        File.WriteAllText(Path.Combine(dir, "dag.py"), source);
        var psi = new ProcessStartInfo("isort") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["--profile", "black", "--settings-path", dir, "--project", "common", "--line-length", "200", "--check-only", "--diff", "dag.py"])
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result);
    }
}
