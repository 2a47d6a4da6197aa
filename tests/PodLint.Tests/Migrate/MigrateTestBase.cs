using System.Diagnostics;
using System.Text;
using PodLint.Cli;

namespace PodLint.Tests.Migrate;

/// <summary>A temporary folder of git checkouts (made with the git CLI) and a way to run <c>podlint migrate</c> in-process.</summary>
public abstract class MigrateTestBase : IDisposable
{
    /// <summary>Versions given so no version is assumed.</summary>
    public static readonly string[] Versions =
    [
        "--target-airflow", "2.9.3", "--target-cncf-kubernetes", "8.4.1", "--target-google", "10.0.0",
        "--target-amazon", "8.0.0", "--target-docker", "3.0.0",
    ];

    /// <summary>An Airflow 1.10-era DAG: two import fixes (safe) and a Docker Hub image (needs a human).</summary>
    public const string LegacyDag =
        "from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator\n" +
        "from airflow.operators.dummy_operator import DummyOperator\n" +
        "\n" +
        "start = DummyOperator(task_id=\"start\")\n" +
        "task = KubernetesPodOperator(task_id=\"t\", name=\"t\", namespace=\"jobs\", image=\"python:3.12.1\")\n";

    /// <summary>An already migrated DAG: no findings.</summary>
    public const string CleanDag =
        "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n" +
        "\n" +
        "task = KubernetesPodOperator(task_id=\"t\", name=\"t\", namespace=\"jobs\", image=\"registry.example.com/app:1.0\", on_finish_action=\"delete_pod\")\n";

    protected MigrateTestBase() => Dir = Directory.CreateTempSubdirectory("podlint-migrate").FullName;

    protected string Dir { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Directory.Delete(Dir, recursive: true);
    }

    protected string Write(string relative, string text)
    {
        string path = Path.Combine(Dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>A git repository at <paramref name="name"/> with the files committed (fixed dates, so commits are reproducible).</summary>
    protected string Repo(string name, params (string Path, string Text)[] files)
    {
        string root = Path.Combine(Dir, name);
        Directory.CreateDirectory(root);
        Git(root, "init", "-q", "-b", "main");
        Git(root, "config", "user.name", "Test");
        Git(root, "config", "user.email", "test@example.com");
        Git(root, "config", "commit.gpgsign", "false");
        foreach (var (path, text) in files) Write(Path.Combine(name, path), text);
        Git(root, "add", "-A");
        Git(root, "commit", "-q", "-m", "initial");
        return root;
    }

    protected static string Git(string cwd, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["GIT_AUTHOR_DATE"] = "2024-01-01T00:00:00Z";
        info.Environment["GIT_COMMITTER_DATE"] = "2024-01-01T00:00:00Z";
        info.Environment["LC_ALL"] = "C";
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {stderr.Result}");
        return stdout;
    }

    protected static (int Code, string Stderr) TryGit(string cwd, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        _ = stdout.Result;
        return (p.ExitCode, stderr);
    }

    protected (int Code, string Stdout, string Stderr) Podlint(params string[] args)
    {
        var stdout = new MemoryStream();
        var textOut = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, textOut, stderr, Dir);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()) + textOut, stderr.ToString());
    }

    protected (int Code, string Stdout, string Stderr) Migrate(params string[] args) => Podlint(["migrate", .. Versions, .. args]);

    protected string Read(string relative) => File.ReadAllText(Path.Combine(Dir, relative));
}
