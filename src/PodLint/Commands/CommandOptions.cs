using System.CommandLine;
using PodLint.Cli.Config;
using PodLint.Rules.Versions;

namespace PodLint.Cli.Commands;

/// <summary>Options shared by the commands that take rule selectors and target versions.</summary>
internal static class CommandOptions
{
    /// <summary>A repeatable, comma-separated list of rule selectors (ALL, POD301, POD3), validated.</summary>
    public static Option<string[]> Selectors(string name, string description)
    {
        var option = new Option<string[]>(name) { Description = description, HelpName = "CODES", AllowMultipleArgumentsPerToken = false };
        option.Validators.Add(r =>
        {
            foreach (var s in Split(r.GetValueOrDefault<string[]>()))
            {
                if (!ConfigLoader.IsValidSelector(s)) r.AddError($"Invalid rule selector '{s}' for {name} (expected ALL, a code like POD301 or a prefix like POD3).");
            }
        });
        return option;
    }

    public static List<string> Split(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    /// <summary>A <c>--target-*</c> version option, validated.</summary>
    public static Option<string> VersionOption(string name, string package, string defaultText = "detected, else the newest known")
    {
        var option = new Option<string>(name) { Description = $"Version of {package} in use (default: {defaultText})", HelpName = "VERSION" };
        option.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<string>();
            if (v is not null && !PackageVersion.TryParse(v, out _)) r.AddError($"{name}: not a version: '{v}'.");
        });
        return option;
    }

    public static PackageVersion? Version(string? text) => text is not null && PackageVersion.TryParse(text, out var v) ? v : null;
}
