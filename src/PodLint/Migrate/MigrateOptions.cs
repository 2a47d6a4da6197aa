using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using PodLint.Cli.Config;

namespace PodLint.Cli.Migrate;

/// <summary>Everything <c>podlint migrate</c> was asked to do.</summary>
public sealed record MigrateOptions
{
    public IReadOnlyList<string> Repos { get; init; } = [];
    public string? ReposFile { get; init; }
    public required string Out { get; init; }
    public ProjectOptions Cli { get; init; } = new();
    public string? ConfigPath { get; init; }
    public bool UnsafeFixes { get; init; }
    /// <summary><c>--custom-rules</c>: run the custom rules the repositories' configurations name (their code); off by default.</summary>
    public bool CustomRules { get; init; }
    public bool Apply { get; init; }
    public string? Branch { get; init; }
    public bool Commit { get; init; }
    public bool AllowDirty { get; init; }
    public int Jobs { get; init; } = Environment.ProcessorCount;
    /// <summary>0-based shard index and shard count; (0, 1) is everything.</summary>
    public int ShardIndex { get; init; }
    public int ShardCount { get; init; } = 1;
    /// <summary>Redo every repository even when its state says nothing changed.</summary>
    public bool Force { get; init; }
    /// <summary>Only print this shard's repositories (id, tab, full path) and exit.</summary>
    public bool List { get; init; }

    /// <summary>Whether the checkouts are written to (apply, branch or commit).</summary>
    public bool Writes => Apply || Commit || Branch is not null;

    public static string PodlintVersion =>
        typeof(MigrateOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The settings that change outputs, in one canonical line (the state key hashes it).</summary>
    public string SettingsFingerprint()
    {
        var c = Cli;
        var parts = new[]
        {
            $"airflow={c.TargetAirflow}", $"cncf={c.TargetCncfKubernetes}", $"google={c.TargetGoogle}",
            $"amazon={c.TargetAmazon}", $"docker={c.TargetDocker}", $"chart={c.TargetChart}",
            $"platform={c.Platform}", $"mirror={c.MirrorRegistry}",
            $"select={(c.Selection.Select is null ? "-" : string.Join(',', c.Selection.Select))}",
            $"extend-select={string.Join(',', c.Selection.ExtendSelect)}", $"ignore={string.Join(',', c.Selection.Ignore)}",
            $"config={ConfigPath}", $"unsafe={UnsafeFixes}", $"custom-rules={CustomRules}", $"apply={Apply}", $"branch={Branch}", $"commit={Commit}", $"allow-dirty={AllowDirty}",
        };
        return string.Join(';', parts);
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
