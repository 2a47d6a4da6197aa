using System.Diagnostics;

namespace PodLint.Tests.Robustness;

/// <summary>
/// Runs the built podlint as an unprivileged user, for the tests whose attack needs one (a file owned by
/// someone else than the runner). As root (CI), the user <see cref="Name"/> is created with <c>useradd</c>
/// when missing and podlint runs under it through <c>setpriv</c> (or <c>runuser</c>). When that is not
/// possible the test is skipped with the reason, or fails with it when <c>PODLINT_REQUIRE_NONROOT=1</c>
/// (CI sets it). Tests that need root itself (to hand a file to another user) skip with the reason when not root.
/// </summary>
public static class UnprivilegedUser
{
    public const string Name = "podlint-test";

    private static readonly Lazy<(int Uid, int Gid, string? Problem)> s_user = new(Create);

    /// <summary>Whether the tests run as root.</summary>
    public static bool IsRoot { get; } = Run("id", "-u").Stdout.Trim() == "0";

    /// <summary>Whether a missing unprivileged user must fail the test rather than skip it.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("PODLINT_REQUIRE_NONROOT") == "1";

    /// <summary>The user's uid and gid; skips (or fails, when required) with the reason it is not available.</summary>
    public static (int Uid, int Gid) Require()
    {
        string? problem = !IsRoot ? "the tests do not run as root, so they cannot create files owned by another user or run podlint as one" : s_user.Value.Problem;
        if (problem is not null)
        {
            string message = $"an unprivileged test user is needed: {problem}";
            if (Required) Assert.Fail($"{message} (PODLINT_REQUIRE_NONROOT=1)");
            Skip.If(true, message);
        }
        return (s_user.Value.Uid, s_user.Value.Gid);
    }

    private static (int Uid, int Gid, string? Problem) Create()
    {
        var id = Run("id", "-u", Name);
        if (id.Code != 0)
        {
            var add = Run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", Name);
            // 9: created meanwhile by a parallel run.
            if (add.Code is not (0 or 9)) return (0, 0, $"useradd {Name} failed ({add.Code}): {add.Stderr.Trim()}");
            id = Run("id", "-u", Name);
        }
        var gid = Run("id", "-g", Name);
        if (id.Code != 0 || gid.Code != 0) return (0, 0, $"id {Name} failed: {id.Stderr.Trim()}");
        if (Run("setpriv", "--version").Code != 0 && Run("runuser", "--version").Code != 0) return (0, 0, "neither setpriv nor runuser is installed");
        return (int.Parse(id.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture), int.Parse(gid.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture), null);
    }

    /// <summary>
    /// Runs the podlint built beside the tests (<c>dotnet podlint.dll ARGS</c>) in <paramref name="cwd"/> as the
    /// unprivileged user; its HOME is <paramref name="home"/>, which it must be able to write.
    /// </summary>
    public static (int Code, string Stdout, string Stderr) Podlint(string cwd, string home, params string[] args)
    {
        var (uid, gid) = Require();
        string dll = Path.Combine(AppContext.BaseDirectory, "podlint.dll");
        string[] prefix = Run("setpriv", "--version").Code == 0
            ? ["setpriv", $"--reuid={uid}", $"--regid={gid}", "--clear-groups", "--"]
            : ["runuser", "-u", Name, "--"];
        return Run([.. prefix, "env", $"HOME={home}", "DOTNET_NOLOGO=1", "DOTNET_CLI_TELEMETRY_OPTOUT=1", "dotnet", dll, .. args], cwd);
    }

    /// <summary><c>stat</c>'s owner uid, group gid, octal permission bits and hard-link count of a path (links not followed).</summary>
    public static (int Uid, int Gid, string Mode, int Links) Stat(string path)
    {
        var r = Run("stat", "-c", "%u %g %a %h", path);
        Assert.True(r.Code == 0, r.Stderr);
        var parts = r.Stdout.Trim().Split(' ');
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
            parts[2], int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture));
    }

    public static void Chown(string path, int uid, int gid)
    {
        var r = Run("chown", "-h", $"{uid}:{gid}", path);
        Assert.True(r.Code == 0, r.Stderr);
    }

    public static (int Code, string Stdout, string Stderr) Run(params string[] args) => Run(args, null);

    private static (int Code, string Stdout, string Stderr) Run(string[] args, string? cwd)
    {
        var psi = new ProcessStartInfo(args[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (cwd is not null) psi.WorkingDirectory = cwd;
        foreach (var a in args.Skip(1)) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, "", $"{args[0]}: {e.Message}");
        }
    }
}
