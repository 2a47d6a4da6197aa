using System.CommandLine;
using PodLint.Cli.Custom;

namespace PodLint.Cli.Commands;

/// <summary><c>podlint new-rule</c> and <c>podlint test-rule</c>: writing and testing custom rules.</summary>
public static class PolicyCommands
{
    public static Command CreateNewRule(Stream stdout, TextWriter stderr, string cwd)
    {
        var name = new Argument<string>("name") { Description = "The rule's name, lower-case words joined by '-' (required-labels)" };
        var dir = new Option<string>("--dir")
        {
            Description = "Folder of the policy files",
            HelpName = "DIR",
            DefaultValueFactory = _ => "policies",
        };
        var prefix = new Option<string>("--prefix") { Description = "Code prefix (default: the one the folder's policies declare, else ORG)", HelpName = "PREFIX" };
        var builtin = new Option<string>("--builtin")
        {
            Description = $"In a PodLint checkout: write a built-in rule of this family ({string.Join(", ", BuiltinRuleScaffold.Families.Keys)}) and its fixture",
            HelpName = "FAMILY",
        };
        var command = new Command("new-rule", "Write a new custom rule (a C# policy file) and a fixture for it");
        command.Arguments.Add(name);
        command.Options.Add(dir);
        command.Options.Add(prefix);
        command.Options.Add(builtin);
        command.SetAction(parse => WithText(stdout, text => parse.GetValue(builtin) is { } family
            ? BuiltinRuleScaffold.Run(parse.GetValue(name)!, family, cwd, text, stderr)
            : PolicyScaffold.Run(parse.GetValue(name)!, parse.GetValue(dir) ?? "policies", parse.GetValue(prefix), cwd, text, stderr)));
        return command;
    }

    public static Command CreateTestRule(Stream stdout, TextWriter stderr, string cwd)
    {
        var policy = new Argument<string>("policy") { Description = "The policy file (.cs)" };
        var fixtures = new Argument<string[]>("fixtures")
        {
            Description = "Fixture files or folders (default: the .py files under tests/<PolicyName>/ beside the policy)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("test-rule", "Compile a custom rule and check it against fixtures with '# expect: CODE' comments");
        command.Arguments.Add(policy);
        command.Arguments.Add(fixtures);
        command.SetAction(parse => WithText(stdout, text => PolicyTester.Run(parse.GetValue(policy)!, parse.GetValue(fixtures) ?? [], cwd, text, stderr)));
        return command;
    }

    private static int WithText(Stream stdout, Func<TextWriter, int> action)
    {
        using var text = new StreamWriter(stdout, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        int code = action(text);
        text.Flush();
        return code;
    }
}
