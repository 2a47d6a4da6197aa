using System.CommandLine;

namespace PodLint.Cli.Server;

/// <summary><c>podlint server</c>: the Language Server Protocol server on standard input and output (<see cref="LspServer"/>).</summary>
public static class ServerCommand
{
    public static Command Create(Stream stdout)
    {
        var customRules = new Option<bool>("--custom-rules")
        {
            Description = "Compile and run the custom rules (C# policies) of the workspace's configurations; without it only the built-in rules run",
        };
        // Editors' generic clients often pass --stdio; standard input and output are the only transport, so it changes nothing.
        var stdio = new Option<bool>("--stdio") { Description = "Talk over standard input and output (the default and only transport)" };
        var command = new Command("server", "Run the Language Server Protocol server on standard input and output (for editors)");
        command.Options.Add(customRules);
        command.Options.Add(stdio);
        command.SetAction(parse =>
        {
            bool custom = parse.GetValue(customRules);
            // The native build cannot compile policies: the framework-dependent build serves instead, before a byte is read.
            if (custom && !Custom.CustomRulesRuntime.IsSupported) throw new Custom.JitHandOffRequired();
            return LspServer.RunOnStdio(stdout, new ServerOptions(CustomRules: custom));
        });
        return command;
    }
}
