namespace PodLint.Tests.Custom;

/// <summary>
/// Policy files PodLint cannot use: each problem is a POD003 finding in the <c>.cs</c> file, at the place the
/// compiler or the source map gives, while the built-in rules and the other policy files still run.
/// </summary>
public sealed class PolicyProblemTests : CustomRulesTestBase
{
    /// <summary>Two compile errors: a type mismatch after non-ASCII text (code-point columns) and an unknown member.</summary>
    private const string BrokenPolicy = """
        using PodLint.Rules.Engine;

        [assembly: RulePrefix("BRK")]

        namespace Tests.Policies;

        public sealed class Broken : Rule
        {
            public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("BRK001", "broken", Severity.Error, "Never compiles");

            public override void Check(RuleContext ctx)
            {
                string label = "é😀"; int count = "three";
                ctx.Report(ctx.Nothing, label);
            }
        }

        """;

    [Fact]
    public void A_compile_error_is_POD003_at_the_compilers_place_and_the_rest_still_runs()
    {
        Write("pyproject.toml", Config);
        Write("policies/Broken.cs", BrokenPolicy);
        Write("policies/Labels.cs", LabelsPolicy);
        Write("dags/a.py", Dag);
        var (code, stdout, stderr) = Concise();
        Assert.Equal("", stderr);
        Assert.Equal(
            DagLabels + DagBuiltin
            // "three" starts at UTF-16 column 42 but code point 41 (the emoji is two UTF-16 units): columns count code points.
            + "policies/Broken.cs:13:42: POD003 CS0029: Cannot implicitly convert type 'string' to 'int'\n"
            + "policies/Broken.cs:14:24: POD003 CS1061: 'RuleContext' does not contain a definition for 'Nothing' and no accessible extension method 'Nothing' accepting a first argument of type 'RuleContext' could be found (are you missing a using directive or an assembly reference?)\n"
            + "Found 4 findings.\n",
            stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void The_full_format_shows_the_policy_line_under_the_finding()
    {
        Write("pyproject.toml", Config);
        Write("policies/Broken.cs", BrokenPolicy);
        Write("dags/ok.py", "x = 1\n");
        var (code, stdout, _) = Check("--output-format", "full", "--select", "POD102");
        Assert.Equal(
            """
            policies/Broken.cs:13:42: POD003 CS0029: Cannot implicitly convert type 'string' to 'int'
               |
            13 |         string label = "é😀"; int count = "three";
               |                                          ^^^^^^^
               |

            policies/Broken.cs:14:24: POD003 CS1061: 'RuleContext' does not contain a definition for 'Nothing' and no accessible extension method 'Nothing' accepting a first argument of type 'RuleContext' could be found (are you missing a using directive or an assembly reference?)
               |
            14 |         ctx.Report(ctx.Nothing, label);
               |                        ^^^^^^^
               |

            Found 2 findings.

            """,
            stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void Compile_errors_are_located_with_a_bom_crlf_tabs_and_the_line_breaks_only_csharp_knows()
    {
        Write("pyproject.toml", Config);
        // U+2028 (like U+0085 and U+2029) ends a line for the C# compiler, not for Python nor an editor: the
        // comment's "separator" is code on line 3 of the compiler's count, and is reported on line 2, where it is.
        string policy = "\uFEFFusing Nope;\r\n"
            + "// a line\u2028separator\r\n"
            + "using PodLint.Rules.Engine;\r\n"
            + "[assembly: RulePrefix(\"BRK\")]\r\n"
            + "\tpublic class X : Rule { public override RuleMetadata Metadata => null!; public override void Check(RuleContext c) { int é = \"x\"; } }\r\n";
        Write("policies/Broken.cs", policy);
        Write("dags/ok.py", "x = 1\n");
        var (code, stdout, stderr) = Concise();
        Assert.Equal("", stderr);
        Assert.Equal(
            "policies/Broken.cs:1:7: POD003 CS0246: The type or namespace name 'Nope' could not be found (are you missing a using directive or an assembly reference?)\n"
            + "policies/Broken.cs:2:11: POD003 CS0116: A namespace cannot directly contain members such as fields, methods or statements\n"
            + "policies/Broken.cs:5:126: POD003 CS0029: Cannot implicitly convert type 'string' to 'int'\n"
            + "Found 3 findings.\n",
            stdout);
        Assert.Equal(1, code);
    }

    /// <summary>
    /// One project, one policy file per problem; the first (in path order) loads and gives its finding, every
    /// other is refused with its own POD003 at the class's name or the prefix attribute.
    /// </summary>
    [Fact]
    public void Prefix_code_name_and_start_up_problems_are_POD003_located_by_the_source_map()
    {
        Write("pyproject.toml", Config);
        Write("dags/a.py", Dag);
        Write("policies/A_Labels.cs", LabelsPolicy);
        Write("policies/B_NoPrefix.cs", """
            using PodLint.Rules.Engine;

            public sealed class NoPrefix : Rule
            {
                public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("ACME010", "no-prefix", Severity.Error, "x");
                public override void Check(RuleContext ctx) { }
            }

            """);
        Write("policies/C_PodPrefix.cs", RuleWithPrefix("POD", "POD010"));
        Write("policies/D_PodxPrefix.cs", RuleWithPrefix("PODX", "PODX010"));
        Write("policies/E_Lowercase.cs", RuleWithPrefix("acme", "acme010"));
        Write("policies/F_All.cs", RuleWithPrefix("ALL", "ALL010"));
        Write("policies/G_TooLong.cs", RuleWithPrefix("ABCDEFGHI", "ABCDEFGHI010"));
        Write("policies/H_WrongCode.cs", RuleWithPrefix("ACME", "OTHER001"));
        Write("policies/I_ShortCode.cs", RuleWithPrefix("ACME", "ACME01"));
        Write("policies/J_Duplicate.cs", RuleWithPrefix("ACME", "ACME001"));
        Write("policies/K_Throws.cs", """
            using System;
            using PodLint.Rules.Engine;

            [assembly: RulePrefix("ACME")]

            namespace Tests.Policies;

            public sealed class Throwing : Rule
            {
                public Throwing() => throw new InvalidOperationException("no settings");

                public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("ACME020", "throwing", Severity.Error, "x");
                public override void Check(RuleContext ctx) { }
            }

            """);
        Write("policies/L_BadName.cs", """
            using PodLint.Rules.Engine;

            [assembly: RulePrefix("ACME")]

            public sealed class Outer
            {
                public sealed class BadName : Rule
                {
                    public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("ACME030", "BadName", Severity.Error, "x");
                    public override void Check(RuleContext ctx) { }
                }
            }

            """);
        Write("policies/M_NotCustom.cs", """
            using PodLint.Rules.Engine;

            [assembly: RulePrefix("ACME")]

            public sealed class NotCustom : Rule
            {
                public override RuleMetadata Metadata { get; } = new("ACME040", "not-custom", RuleFamily.Images, Severity.Error, "x", "all versions", FixAvailability.None, "");
                public override void Check(RuleContext ctx) { }
            }

            """);
        Write("policies/N_NoRule.cs", """
            using PodLint.Rules.Engine;

            [assembly: RulePrefix("ACME")]

            public static class Helpers { }

            """);
        Write("policies/O_Constructor.cs", """
            using PodLint.Rules.Engine;

            [assembly: RulePrefix("ACME")]

            public sealed class NeedsArgument(string registry) : Rule
            {
                public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("ACME050", "needs-argument", Severity.Error, registry);
                public override void Check(RuleContext ctx) { }
            }

            """);
        Write("policies/P_NullMetadata.cs", """
            using PodLint.Rules.Engine;

            [assembly: RulePrefix("ACME")]

            public sealed class NoMetadata : Rule
            {
                public override RuleMetadata Metadata => null!;
                public override void Check(RuleContext ctx) { }
            }

            """);
        // A good rule beside a bad one: the file is refused as a whole, its good rule does not run either.
        Write("policies/Q_HalfGood.cs", """
            using PodLint.Rules.Engine;
            using PodLint.Rules.Semantics;

            [assembly: RulePrefix("HALF")]

            public sealed class Good : Rule
            {
                public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("HALF001", "good", Severity.Error, "x");
                public override void Check(RuleContext ctx)
                {
                    foreach (var call in ctx.Model.OperatorCalls) ctx.Report(call.Node, "should not run");
                }
            }

            public sealed class Bad : Rule
            {
                public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("HALF002", "bad_name", Severity.Error, "x");
                public override void Check(RuleContext ctx) { }
            }

            """);

        var (code, stdout, stderr) = Concise();
        Assert.Equal("", stderr);
        Assert.Equal(
            DagLabels + DagBuiltin
            + "policies/B_NoPrefix.cs:1:1: POD003 the policy declares no rule prefix: add [assembly: RulePrefix(\"ACME\")] (two to eight capital letters)\n"
            + "policies/C_PodPrefix.cs:3:12: POD003 rule prefix 'POD' clashes with the built-in rules (POD...): choose another\n"
            + "policies/D_PodxPrefix.cs:3:12: POD003 rule prefix 'PODX' clashes with the built-in rules (POD...): choose another\n"
            + "policies/E_Lowercase.cs:3:12: POD003 rule prefix 'acme' must be two to eight capital letters A-Z (and not ALL)\n"
            + "policies/F_All.cs:3:12: POD003 rule prefix 'ALL' must be two to eight capital letters A-Z (and not ALL)\n"
            + "policies/G_TooLong.cs:3:12: POD003 rule prefix 'ABCDEFGHI' must be two to eight capital letters A-Z (and not ALL)\n"
            + "policies/H_WrongCode.cs:7:21: POD003 rule class Sample has code 'OTHER001': codes in this file are the prefix ACME and three digits, like ACME001\n"
            + "policies/I_ShortCode.cs:7:21: POD003 rule class Sample has code 'ACME01': codes in this file are the prefix ACME and three digits, like ACME001\n"
            + "policies/J_Duplicate.cs:7:21: POD003 rule code ACME001 is already used by NoLabels in A_Labels.cs\n"
            + "policies/K_Throws.cs:8:21: POD003 rule class Throwing failed to start: InvalidOperationException: no settings\n"
            + "policies/L_BadName.cs:7:25: POD003 rule ACME030 has name 'BadName': names are lower-case words joined by '-', like required-labels\n"
            + "policies/M_NotCustom.cs:5:21: POD003 rule ACME040 must use RuleFamily.Custom (RuleMetadata.Custom(...) sets it)\n"
            + "policies/N_NoRule.cs:3:12: POD003 the policy defines no rule: a public class deriving from PodLint.Rules.Engine.Rule\n"
            + "policies/O_Constructor.cs:5:21: POD003 rule class NeedsArgument needs a public constructor without parameters\n"
            + "policies/P_NullMetadata.cs:5:21: POD003 rule class NoMetadata failed to start: InvalidOperationException: Metadata is null\n"
            + "policies/Q_HalfGood.cs:15:21: POD003 rule HALF002 has name 'bad_name': names are lower-case words joined by '-', like required-labels\n"
            + "Found 18 findings.\n",
            stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void Two_rules_of_one_file_with_one_code_are_refused()
    {
        Write("pyproject.toml", Config);
        Write("dags/a.py", Dag);
        Write("policies/Twice.cs", """
            using PodLint.Rules.Engine;

            [assembly: RulePrefix("TWO")]

            public sealed class First : Rule
            {
                public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("TWO001", "first", Severity.Error, "x");
                public override void Check(RuleContext ctx) => ctx.Report(ctx.Module.Body[0], "first");
            }

            public sealed class Second : Rule
            {
                public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("TWO001", "second", Severity.Error, "x");
                public override void Check(RuleContext ctx) => ctx.Report(ctx.Module.Body[0], "second");
            }

            """);
        var (code, stdout, stderr) = Concise();
        Assert.Equal("", stderr);
        Assert.Equal(
            DagBuiltin
            + "policies/Twice.cs:11:21: POD003 rule code TWO001 is already used by First in Twice.cs\n"
            + "Found 2 findings.\n",
            stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void Problems_are_reported_whatever_the_selection_and_noqa_say()
    {
        Write("pyproject.toml", """
            [tool.podlint]
            custom-rules = ["policies/*.cs"]
            select = ["POD102"]
            ignore = ["POD003"]

            [tool.podlint.per-file-ignores]
            "policies/*.cs" = ["POD003"]
            "*.cs" = ["POD"]

            """);
        Write("policies/C_PodPrefix.cs", RuleWithPrefix("POD", "POD010"));
        Write("dags/a.py", Dag.Replace("\n\n", "  # noqa: POD003\n\n", StringComparison.Ordinal));
        var (code, stdout, _) = Concise("--ignore", "POD003");
        Assert.Equal(
            DagBuiltin
            + "policies/C_PodPrefix.cs:3:12: POD003 rule prefix 'POD' clashes with the built-in rules (POD...): choose another\n"
            + "Found 2 findings.\n",
            stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void A_binary_policy_file_is_POD003_at_its_start()
    {
        Write("pyproject.toml", Config);
        WriteBytes("policies/Binary.cs", [0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);
        Write("dags/ok.py", "x = 1\n");
        var (code, stdout, _) = Concise();
        Assert.Equal("policies/Binary.cs:1:1: POD003 the policy file is binary, not C# source\nFound 1 finding.\n", stdout);
        Assert.Equal(1, code);
    }

    /// <summary>A policy with <paramref name="prefix"/> whose one rule <c>Sample</c> (line 7) has <paramref name="code"/>.</summary>
    private static string RuleWithPrefix(string prefix, string code) => $$"""
        using PodLint.Rules.Engine;

        [assembly: RulePrefix("{{prefix}}")]

        namespace Tests.Policies;

        public sealed class Sample : Rule
        {
            public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("{{code}}", "sample", Severity.Error, "x");
            public override void Check(RuleContext ctx) { }
        }

        """;
}
