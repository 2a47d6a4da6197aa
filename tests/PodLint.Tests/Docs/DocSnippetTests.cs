using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using PodLint.Cli.Config;
using PodLint.Tests.Action;

namespace PodLint.Tests.Docs;

/// <summary>
/// Documentation that runs: every fenced block of README.md and of the user documents below is either run here
/// (commands against a copy of <c>examples/</c> or a temporary project, configuration through the real loader,
/// shown output compared with what podlint prints) or listed with the reason it cannot run here and the test that
/// covers it instead. A new block that is neither fails <see cref="Every_block_is_run_or_listed"/>.
/// docs/cli.md, docs/github-action.md and docs/editors.md have their own tests (Check/CliDocTests,
/// Action/ActionDocsTests, Server/EditorTests).
/// </summary>
public sealed class DocSnippetTests : IDisposable
{
    public static readonly string[] Documents =
    [
        "README.md", "docs/install.md", "docs/pre-commit.md", "docs/configuration.md", "docs/context.md", "docs/migrate.md",
        "docs/local-settings.md", "docs/output-formats.md", "docs/custom-rules.md", "docs/readers.md", "docs/performance.md",
        "docs/versions.md",
    ];

    /// <summary>How a block is covered: by a test of this class or <see cref="MigrateDocTests"/> (the method's name), or
    /// listed: why it cannot run here and which test (Type.Method) covers it instead.</summary>
    private sealed record Cover(string File, string FirstLine, string? RunBy = null, string? Reason = null, string? CoveredBy = null);

    private static Cover Run(string file, string firstLine, string test) => new(file, firstLine, RunBy: test);

    private static Cover Listed(string file, string firstLine, string reason, string? coveredBy = null) => new(file, firstLine, Reason: reason, CoveredBy: coveredBy);

    private static readonly Cover[] Coverage =
    [
        Run("README.md", "dotnet run --project src/PodLint -- check examples", nameof(Readme_set_up_commands_are_true)),
        Listed("README.md", "pip install podlint", "installs from PyPI and NuGet, which tests do not reach; the same wheel and tool package, "
            + "built by scripts/release/build.sh, are installed offline from a local folder by the tests named",
            "PodLint.Tests.Install.InstallPathTests.The_wheel_installs_offline_into_a_fresh_venv_and_checks_the_examples "
            + "PodLint.Tests.Install.InstallPathTests.The_dotnet_tool_installs_the_native_package_from_a_local_folder"),
        Run("README.md", "src/PodLint.Syntax/", nameof(Layout_blocks_name_folders_that_exist)),
        Run("README.md", "podlint check dags/", nameof(Readme_usage_commands_run_on_the_examples)),
        Run("README.md", "podlint new-rule required-labels", nameof(Policy_commands_run_in_a_new_project)),
        Run("README.md", "[tool.podlint]", nameof(Toml_blocks_are_accepted_by_the_configuration_loader)),
        Run("README.md", "podlint context", nameof(Readme_usage_commands_run_on_the_examples)),
        Run("README.md", "{\"path\": \"examples/dags/nightly_etl.py\"", nameof(Readme_debug_ast_example_is_what_debug_ast_prints)),
        Listed("README.md", "PYENV_VERSION=3.13.0 python3.13 tests/oracle/cpython_ast_json.py", "needs CPython 3.13 (pyenv); the differential "
            + "test runs the same oracle script and compares it with 'debug ast' (shown in Readme_debug_ast_example_is_what_debug_ast_prints)",
            "PodLint.Syntax.Tests.Differential.DifferentialTests.Fixtures_match_cpython"),
        Run("README.md", "dotnet run -c Release --project bench/PodLint.Bench", nameof(Bench_and_build_commands_name_scripts_that_accept_their_arguments)),
        Run("README.md", "bench/run.sh", nameof(Bench_and_build_commands_name_scripts_that_accept_their_arguments)),
        Run("docs/install.md", "scripts/release/build.sh", nameof(Bench_and_build_commands_name_scripts_that_accept_their_arguments)),
        Run("docs/pre-commit.md", "files: ", nameof(Pre_commit_page_matches_the_hooks_and_the_release_tag)),
        Run("docs/pre-commit.md", "# .pre-commit-config.yaml", nameof(Pre_commit_page_matches_the_hooks_and_the_release_tag)),
        Run("docs/pre-commit.md", "scripts/release/build.sh", nameof(Bench_and_build_commands_name_scripts_that_accept_their_arguments)),
        Run("docs/configuration.md", "[tool.podlint]", nameof(Toml_blocks_are_accepted_by_the_configuration_loader)),
        Run("docs/configuration.md", "podlint: error: pyproject.toml:3:1: invalid TOML", nameof(Configuration_errors_are_the_documented_messages)),
        Run("docs/context.md", "repo/.git", nameof(Context_scopes_example_gives_the_documented_versions)),
        Run("docs/context.md", "podlint check --changed requirements.txt", nameof(Context_changed_command_runs)),
        Run("docs/migrate.md", "podlint migrate [REPO...]", nameof(Synopsis_blocks_name_options_the_commands_have)),
        Run("docs/migrate.md", "podlint: error: --out alpha/reports", nameof(MigrateDocTests.Migrate_example_outputs_are_what_migrate_writes)),
        Run("docs/migrate.md", "DIR/summary.json", nameof(MigrateDocTests.Migrate_example_outputs_are_what_migrate_writes)),
        Run("docs/migrate.md", "{", nameof(MigrateDocTests.Migrate_example_outputs_are_what_migrate_writes)),
        Run("docs/migrate.md", "podlint migrate: fix POD201, POD204", nameof(MigrateDocTests.Migrate_example_outputs_are_what_migrate_writes)),
        Run("docs/migrate.md", "podlint: [2/3] alpha", nameof(MigrateDocTests.Migrate_example_outputs_are_what_migrate_writes)),
        Run("docs/migrate.md", "bench/migrate_bench.sh 200 7", nameof(Bench_and_build_commands_name_scripts_that_accept_their_arguments)),
        Run("docs/local-settings.md", "podlint local-settings --mirror-registry REGISTRY", nameof(Synopsis_blocks_name_options_the_commands_have)),
        Run("docs/local-settings.md", "podlint: writing config/airflow_local_settings.py", nameof(Local_settings_examples_are_what_it_writes)),
        Run("docs/local-settings.md", "# >>> podlint local-settings", nameof(Local_settings_examples_are_what_it_writes)),
        Run("docs/local-settings.md", "from airflow.providers.cncf.kubernetes.utils.xcom_sidecar", nameof(Local_settings_examples_are_what_it_writes)),
        Run("docs/local-settings.md", "try:", nameof(Local_settings_examples_are_what_it_writes)),
        Run("docs/local-settings.md", "def pod_mutation_hook(pod):", nameof(Local_settings_examples_are_what_it_writes)),
        Run("docs/local-settings.md", "_podlint_previous_pod_mutation_hook", nameof(Local_settings_examples_are_what_it_writes)),
        Run("docs/output-formats.md", "podlint check --write-baseline", nameof(Baseline_commands_run_on_the_examples)),
        Run("docs/custom-rules.md", "# pyproject.toml", nameof(Toml_blocks_are_accepted_by_the_configuration_loader)),
        Run("docs/custom-rules.md", "podlint new-rule required-labels", nameof(Policy_commands_run_in_a_new_project)),
        Run("docs/custom-rules.md", "using PodLint.Rules.Engine;", nameof(Policy_anatomy_example_compiles_and_finds_what_it_says)),
        Run("docs/custom-rules.md", "podlint test-rule policies/RequiredLabels.cs", nameof(Policy_commands_run_in_a_new_project)),
        Run("docs/custom-rules.md", "bare = KubernetesPodOperator", nameof(Policy_fixture_example_passes_test_rule)),
        Run("docs/custom-rules.md", "policies/tests/RequiredLabels/", nameof(Policy_commands_run_in_a_new_project)),
        Run("docs/performance.md", "bench/run.sh", nameof(Bench_and_build_commands_name_scripts_that_accept_their_arguments)),
        Run("docs/performance.md", "scripts/release/build.sh", nameof(Bench_and_build_commands_name_scripts_that_accept_their_arguments)),
        Run("docs/performance.md", "bench/project_bench.sh", nameof(Bench_and_build_commands_name_scripts_that_accept_their_arguments)),
        Run("docs/performance.md", "bench/scaling.sh", nameof(Bench_and_build_commands_name_scripts_that_accept_their_arguments)),
        Run("docs/performance.md", "bench/large_file.sh", nameof(Bench_and_build_commands_name_scripts_that_accept_their_arguments)),
        Run("docs/performance.md", "dotnet run -c Release --project bench/PodLint.Benchmarks", nameof(Bench_and_build_commands_name_scripts_that_accept_their_arguments)),
    ];

    private readonly string _temp = Directory.CreateTempSubdirectory("podlint-docs").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static IEnumerable<DocBlock> AllBlocks() => Documents.SelectMany(DocBlocks.Read);

    private static IEnumerable<DocBlock> BlocksRunBy(string test) =>
        Coverage.Where(c => c.RunBy == test).Select(c => DocBlocks.Find(c.File, c.FirstLine));

    [Fact]
    public void Every_block_is_run_or_listed()
    {
        var problems = new List<string>();
        foreach (var block in AllBlocks())
        {
            int covers = Coverage.Count(c => c.File == block.File && block.FirstLine.StartsWith(c.FirstLine, StringComparison.Ordinal));
            if (covers != 1) problems.Add($"{block}: {(covers == 0 ? "neither run by a test nor listed (add it to DocSnippetTests.Coverage)" : $"{covers} coverage entries")}");
        }
        var testClasses = new[] { typeof(DocSnippetTests), typeof(MigrateDocTests) };
        foreach (var c in Coverage)
        {
            int blocks = DocBlocks.Read(c.File).Count(b => b.FirstLine.StartsWith(c.FirstLine, StringComparison.Ordinal));
            if (blocks == 0) problems.Add($"{c.File}: no block starts with '{c.FirstLine}' any more (stale coverage entry)");
            if (c.RunBy is { } test && !testClasses.Any(t => t.GetMethod(test)?.GetCustomAttributes<FactAttribute>().Any() == true))
                problems.Add($"{c.File}: '{c.FirstLine}' is run by {test}, which is not a test");
            if (c.Reason is not null)
            {
                Assert.False(string.IsNullOrWhiteSpace(c.CoveredBy), $"{c.File}: '{c.FirstLine}' is listed without the test that covers it");
                foreach (var name in c.CoveredBy!.Split(' '))
                {
                    int dot = name.LastIndexOf('.');
                    string assembly = name.StartsWith("PodLint.Syntax.Tests", StringComparison.Ordinal) ? "PodLint.Syntax.Tests" : "PodLint.Tests";
                    var type = assembly == "PodLint.Tests" ? typeof(DocSnippetTests).Assembly.GetType(name[..dot]) : null;
                    if (assembly == "PodLint.Tests" && type?.GetMethod(name[(dot + 1)..]) is null) problems.Add($"{c.File}: covering test {name} does not exist");
                    if (assembly != "PodLint.Tests")
                    {
                        string source = Path.Combine(RepoPaths.Root, "tests", assembly, Path.Combine(name[(assembly.Length + 1)..dot].Split('.')) + ".cs");
                        if (!File.Exists(source) || !File.ReadAllText(source).Contains($"void {name[(dot + 1)..]}(", StringComparison.Ordinal))
                            problems.Add($"{c.File}: covering test {name} does not exist ({source})");
                    }
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Fixtures

    private static void Git(string cwd, params string[] args)
    {
        var (code, _, stderr) = ActionTests.RunProcess("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", .. args], cwd, null);
        Assert.True(code == 0, $"git {string.Join(' ', args)}: {stderr}");
    }

    /// <summary>A copy of examples/ as its own git repository (what a user's project looks like).</summary>
    private string ExamplesCopy(string name = "examples")
    {
        string dir = Path.Combine(_temp, name);
        DocBlocks.CopyTree(Path.Combine(RepoPaths.Root, "examples"), dir);
        Git(dir, "init", "-q", "-b", "main");
        return dir;
    }

    private string EmptyProject(string name)
    {
        string dir = Path.Combine(_temp, name);
        Directory.CreateDirectory(dir);
        Git(dir, "init", "-q", "-b", "main");
        return dir;
    }

    private static IEnumerable<string> CommandLines(DocBlock block, string program) =>
        block.Lines.Where(l => l.StartsWith(program + " ", StringComparison.Ordinal) || l == program);

    private static string Version() =>
        Regex.Match(File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;

    // ---------------------------------------------------------------------------------------------------------------
    // README

    [Fact]
    public void Readme_set_up_commands_are_true()
    {
        var block = BlocksRunBy(nameof(Readme_set_up_commands_are_true)).Single();
        Assert.Equal(["dotnet run --project src/PodLint -- check examples", "dotnet test PodLint.sln"], block.Lines);
        // 'dotnet run --project src/PodLint' runs the podlint executable; here it runs in-process on the same folder
        // and prints the findings of the examples (ExamplesTests holds them exactly).
        string csproj = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "PodLint", "PodLint.csproj"));
        Assert.Contains("<OutputType>Exe</OutputType>", csproj, StringComparison.Ordinal);
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int code = PodLint.Cli.Program.Run(["check", "examples", "--output-format", "concise"], stdout, new StringWriter(), stderr, RepoPaths.Root);
        Assert.Equal((1, ""), (code, stderr.ToString()));
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "fixtures", "examples.expected")).ReplaceLineEndings("\n"), System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
        // 'dotnet test PodLint.sln': the solution holds the test projects (running them from a test would recurse).
        string sln = File.ReadAllText(Path.Combine(RepoPaths.Root, "PodLint.sln"));
        foreach (var project in new[] { "PodLint.Tests", "PodLint.Syntax.Tests", "PodLint.Rules.Tests" })
            Assert.Contains($"tests\\{project}\\{project}.csproj", sln, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_blocks_name_folders_that_exist()
    {
        foreach (var line in DocBlocks.Find("README.md", "src/PodLint.Syntax/").Lines)
        {
            string first = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            // Continuation lines start with a word that is no path; paths contain '/' (rules.md is the one file).
            if ((!first.Contains('/', StringComparison.Ordinal) && first != "rules.md") || first.StartsWith('`')) continue;
            Assert.True(Path.Exists(Path.Combine(RepoPaths.Root, first.TrimEnd('/'))), $"README.md names {first}, which does not exist");
        }
    }

    [Fact]
    public void Readme_usage_commands_run_on_the_examples()
    {
        int n = 0;
        foreach (var block in BlocksRunBy(nameof(Readme_usage_commands_run_on_the_examples)))
        {
            foreach (var line in CommandLines(block, "podlint"))
            {
                // Each line is its own example: a fresh copy (--fix must not take --diff's fixes away).
                string project = ExamplesCopy($"examples{n++}");
                var (code, stdout, stderr) = DocBlocks.RunPodlint(line, project);
                Assert.True(code is 0 or 1, $"{block.File}: `{line}` exited {code}:\n{stderr}");
                Assert.DoesNotContain("podlint: error", stderr, StringComparison.Ordinal);
                var (words, file) = DocBlocks.Split(line);
                if (file is not null) Assert.True(new FileInfo(Path.Combine(project, file)).Length > 0, $"`{line}` wrote nothing");
                if (words.Contains("sarif"))
                    Assert.Equal("2.1.0", JsonDocument.Parse(File.ReadAllText(Path.Combine(project, file!))).RootElement.GetProperty("version").GetString());
                if (words.Contains("--patch-out")) Assert.StartsWith("--- a/dags/", File.ReadAllText(Path.Combine(project, words[Array.IndexOf(words, "--patch-out") + 1])), StringComparison.Ordinal);
                if (words is [_, "explain", var code1]) Assert.Contains(code1, stdout, StringComparison.Ordinal);
                if (words.Contains("--fix")) Assert.NotEqual(File.ReadAllText(Path.Combine(RepoPaths.Root, "examples", "dags", "legacy_reports.py")), File.ReadAllText(Path.Combine(project, "dags", "legacy_reports.py")));
                if (words.Contains("--diff")) Assert.Contains("\n+++ b/dags/", stdout, StringComparison.Ordinal);
                if (words.Contains("--mirror-registry")) Assert.Contains("mirror.example.com", File.ReadAllText(Path.Combine(project, "config", "airflow_local_settings.py")), StringComparison.Ordinal);
                if (words.Contains("context") && words.Contains("json")) JsonDocument.Parse(stdout).Dispose();
                if (words.Contains("context") && !words.Contains("json")) Assert.StartsWith("Project root: ", stdout, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Readme_debug_ast_example_is_what_debug_ast_prints()
    {
        var shown = DocBlocks.Find("README.md", "{\"path\": \"examples/dags/nightly_etl.py\"").Lines;
        Assert.Equal(2, shown.Count);
        string dir = Path.Combine(_temp, "ast");
        Directory.CreateDirectory(Path.Combine(dir, "examples", "dags"));
        File.Copy(Path.Combine(RepoPaths.Root, "examples", "dags", "nightly_etl.py"), Path.Combine(dir, "examples", "dags", "nightly_etl.py"));
        // A file CPython rejects with "invalid syntax" at column offset 4.
        File.WriteAllText(Path.Combine(dir, "broken.py"), "abc def\n");
        // As a process in that folder: 'debug ast' resolves paths against the process's own working folder.
        var (code, stdout, stderr) = ActionTests.RunProcess("dotnet", [typeof(PodLint.Cli.Program).Assembly.Location, "debug", "ast", "examples/dags/nightly_etl.py", "broken.py"], dir, null);
        Assert.Equal((1, ""), (code, stderr)); // 1: a file did not parse
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        using (var first = JsonDocument.Parse(lines[0]))
        {
            // The doc elides the body ([...]); the rest is as shown.
            Assert.Equal("examples/dags/nightly_etl.py", first.RootElement.GetProperty("path").GetString());
            Assert.True(first.RootElement.TryGetProperty("ast", out var ast), lines[0]);
            Assert.Equal(["_type", "body", "type_ignores"], ast.EnumerateObject().Select(p => p.Name));
            Assert.Equal("Module", ast.GetProperty("_type").GetString());
            Assert.Equal(0, ast.GetProperty("type_ignores").GetArrayLength());
            Assert.StartsWith(shown[0][..shown[0].IndexOf("[...]", StringComparison.Ordinal)].Replace(" ", "", StringComparison.Ordinal),
                lines[0].Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        using var shownError = JsonDocument.Parse(shown[1]);
        using var error = JsonDocument.Parse(lines[1]);
        Assert.Equal(shownError.RootElement.GetRawText().Replace(" ", "", StringComparison.Ordinal), error.RootElement.GetRawText().Replace(" ", "", StringComparison.Ordinal));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Configuration

    [Fact]
    public void Toml_blocks_are_accepted_by_the_configuration_loader()
    {
        int n = 0;
        foreach (var block in BlocksRunBy(nameof(Toml_blocks_are_accepted_by_the_configuration_loader)))
        {
            Assert.Equal("toml", block.Lang);
            string dir = Path.Combine(_temp, $"toml{n++}");
            // The policies the custom-rules globs name, as in examples/.
            DocBlocks.CopyTree(Path.Combine(RepoPaths.Root, "examples", "policies"), Path.Combine(dir, "policies"));
            bool pyproject = block.Text.Contains("[tool.podlint]", StringComparison.Ordinal);
            string path = Path.Combine(dir, pyproject ? "pyproject.toml" : "podlint.toml");
            File.WriteAllText(path, block.Text);
            var config = ConfigLoader.Load(path, new List<string>());
            Assert.NotNull(config);
            var o = config.Options;
            // Each key the block sets is read with its value.
            foreach (Match m in Regex.Matches(block.Text, @"^([a-z-]+) = (.+?)\s*(#.*)?$", RegexOptions.Multiline))
            {
                string key = m.Groups[1].Value, value = m.Groups[2].Value;
                object? read = key switch
                {
                    "target-airflow" => o.TargetAirflow?.ToString(),
                    "target-cncf-kubernetes" => o.TargetCncfKubernetes?.ToString(),
                    "platform" => o.Platform?.ToString().ToLowerInvariant(),
                    "ignore" => string.Join(",", o.Selection.Ignore),
                    "custom-rules" => string.Join(",", o.CustomRules ?? []),
                    "extend-exclude" => string.Join(",", o.ExtendExclude),
                    _ => throw new InvalidOperationException($"{block}: key {key} not checked by this test; add it"),
                };
                Assert.Equal(value.Trim('[', ']').Replace("\"", "", StringComparison.Ordinal).Replace(", ", ",", StringComparison.Ordinal), read);
            }
            if (block.Text.Contains("[tool.podlint.per-file-ignores]", StringComparison.Ordinal))
                Assert.Equal(["legacy/*.py: POD2"], o.PerFileIgnores.Select(p => $"{p.Glob.Pattern}: {string.Join(",", p.Codes)}"));
        }
    }

    /// <summary>For each documented error, a configuration that makes it (what the page says each line is about).</summary>
    private static readonly Dictionary<string, (string File, string Text)> ErrorInputs = new(StringComparer.Ordinal)
    {
        ["pyproject.toml:3:1: invalid TOML: key 'select'"] = ("pyproject.toml", "[tool.podlint]\nselect = [\"POD1\"]\nselect = [\"POD2\"]\n"),
        ["pyproject.toml:7:7: invalid TOML: table [tool.podlint]"] = ("pyproject.toml", "[tool.podlint]\nselect = [\"POD1\"]\n\n[project]\nname = \"x\"\n\n[tool.podlint]\nignore = [\"POD2\"]\n"),
        ["pyproject.toml:4: unknown key 'selct'"] = ("pyproject.toml", "[project]\nname = \"x\"\n[tool.podlint]\nselct = [\"POD1\"]\n"),
        ["pyproject.toml:12: unknown rule selector 'POD31'"] = ("pyproject.toml", string.Concat(Enumerable.Repeat("# a comment\n", 10)) + "[tool.podlint]\nselect = [\"POD31\"]\n"),
        ["pyproject.toml:3: 'target-google' is not a version"] = ("pyproject.toml", "[tool.podlint]\ntarget-airflow = \"2.9.3\"\ntarget-google = \"v2\"\n"),
        ["podlint.toml:1: 'select' must be an array of strings"] = ("podlint.toml", "select = \"POD1\"\n"),
    };

    [Fact]
    public void Configuration_errors_are_the_documented_messages()
    {
        var lines = BlocksRunBy(nameof(Configuration_errors_are_the_documented_messages)).Single().Lines;
        Assert.Equal(ErrorInputs.Count, lines.Count);
        int n = 0;
        foreach (var line in lines)
        {
            var input = ErrorInputs.Single(e => line.StartsWith("podlint: error: " + e.Key, StringComparison.Ordinal)).Value;
            string dir = EmptyProject($"error{n++}");
            File.WriteAllText(Path.Combine(dir, input.File), input.Text);
            File.WriteAllText(Path.Combine(dir, "a.py"), "x = 1\n");
            var (code, stdout, stderr) = DocBlocks.RunPodlint("podlint check a.py", dir);
            Assert.Equal((2, "", line + "\n"), (code, stdout, stderr));
        }
    }

    [Fact]
    public void Every_configuration_key_is_documented_in_the_keys_table()
    {
        string page = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "configuration.md"));
        var documented = Regex.Matches(page, @"^\| `([a-z-]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ConfigLoader.KnownKeys.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        // Each row has the table's four cells.
        foreach (var row in page.Split('\n').Where(l => Regex.IsMatch(l, @"^\| `[a-z-]+` \|")))
            Assert.True(row.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|') == 5, $"docs/configuration.md: a row without four cells: {row}");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // pre-commit

    [Fact]
    public void Pre_commit_page_matches_the_hooks_and_the_release_tag()
    {
        string hooksYaml = File.ReadAllText(Path.Combine(RepoPaths.Root, ".pre-commit-hooks.yaml"));
        var hookFiles = Regex.Matches(hooksYaml, @"^  files: (.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal([DocBlocks.Find("docs/pre-commit.md", "files: ").FirstLine["files: ".Length..]], hookFiles);
        string page = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "pre-commit.md"));
        foreach (Match m in Regex.Matches(hooksYaml, @"^- id: (\S+)\n(?:  .*\n)*?  entry: (.+)$", RegexOptions.Multiline))
            Assert.Contains($"| `{m.Groups[1].Value}` | `{m.Groups[2].Value}` |", page, StringComparison.Ordinal);

        var config = DocBlocks.Find("docs/pre-commit.md", "# .pre-commit-config.yaml");
        // The rev is the tag the release workflow builds from: v + the project's version (release.yml refuses any other).
        Assert.Contains($"rev: v{Version()} ", config.Text, StringComparison.Ordinal);
        string release = File.ReadAllText(Path.Combine(RepoPaths.Root, ".github", "workflows", "release.yml"));
        Assert.Contains("tags: [\"v*.*.*\"]", release, StringComparison.Ordinal);
        Assert.Contains("[[ \"v$version\" == \"$TAG\" ]]", release, StringComparison.Ordinal);
        Assert.Contains($"repo: {PodLint.Cli.Output.ToolInfo.InformationUri}\n", config.Text, StringComparison.Ordinal);
        foreach (Match id in Regex.Matches(config.Text, @"- id: (\S+)"))
            Assert.Contains($"- id: {id.Groups[1].Value}\n", hooksYaml, StringComparison.Ordinal);
        // PreCommitTests install the hooks from this very snippet (only the repository's address replaced).
        Assert.Equal(config.Text.Replace(PodLint.Cli.Output.ToolInfo.InformationUri, "HOOK", StringComparison.Ordinal),
            PreCommit.PreCommitFixture.ConfigFromDocs("HOOK"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Context

    [Fact]
    public void Context_scopes_example_gives_the_documented_versions()
    {
        var block = BlocksRunBy(nameof(Context_scopes_example_gives_the_documented_versions)).Single();
        string root = Path.Combine(_temp, "scopes");
        var expected = new List<(string Py, string Version)>();
        foreach (var line in block.Lines)
        {
            var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            string path = Path.Combine(root, parts[0]);
            string note = parts.Length > 1 ? parts[1].Trim() : "";
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (parts[0].EndsWith("/.git", StringComparison.Ordinal)) Git(Path.GetDirectoryName(path)!, "init", "-q", "-b", "main");
            else if (parts[0].EndsWith("requirements.txt", StringComparison.Ordinal)) File.WriteAllText(path, note + "\n");
            else if (parts[0].EndsWith(".py", StringComparison.Ordinal))
            {
                File.WriteAllText(path, "import airflow\n");
                expected.Add((parts[0], Regex.Match(note, @"^gets Airflow (\S+)$").Groups[1].Value));
            }
            else if (parts[0].EndsWith("values.yaml", StringComparison.Ordinal)) File.WriteAllText(path, "executor: KubernetesExecutor\n");
            else Assert.Fail($"docs/context.md: the scopes example has a line this test does not know: {line}");
        }
        Assert.Equal(2, expected.Count);
        foreach (var (py, version) in expected)
        {
            var (code, stdout, stderr) = DocBlocks.RunPodlint($"podlint context --output-format json {py}", root);
            Assert.True(code == 0, stderr);
            using var json = JsonDocument.Parse(stdout);
            var scope = json.RootElement.GetProperty("roots").EnumerateArray().Single();
            Assert.Equal(version, scope.GetProperty("versions").GetProperty("airflow").GetProperty("value").GetString());
            // deploy/values.yaml serves the whole repository: every scope reads it.
            Assert.Contains("repo/deploy/values.yaml", scope.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
            Assert.Equal("KubernetesExecutor", scope.GetProperty("executor").GetProperty("value").GetString());
        }
    }

    [Fact]
    public void Context_changed_command_runs()
    {
        var line = CommandLines(BlocksRunBy(nameof(Context_changed_command_runs)).Single(), "podlint").Single();
        string project = EmptyProject("changed");
        File.WriteAllText(Path.Combine(project, "requirements.txt"), "apache-airflow==2.9.3\napache-airflow-providers-cncf-kubernetes==8.4.1\n");
        Directory.CreateDirectory(Path.Combine(project, "dags"));
        File.WriteAllText(Path.Combine(project, "dags", "etl.py"), "from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator\n");
        var (code, stdout, stderr) = DocBlocks.RunPodlint(line + " --output-format concise", project);
        // The pin alone was named; the DAG its scope affects is checked too.
        Assert.True(code == 1, stderr);
        Assert.Contains("dags/etl.py:1:", stdout, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Synopses, local settings, baseline

    [Fact]
    public void Synopsis_blocks_name_options_the_commands_have()
    {
        foreach (var block in BlocksRunBy(nameof(Synopsis_blocks_name_options_the_commands_have)))
        {
            foreach (var line in block.Lines.Where(l => l.StartsWith("podlint ", StringComparison.Ordinal)))
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                string[] command = words[1] == "migrate" && words[2] == "merge" ? ["migrate", "merge"] : [words[1]];
                var (code, help, stderr) = DocBlocks.RunPodlint($"podlint {string.Join(' ', command)} --help", RepoPaths.Root);
                Assert.True(code == 0, stderr);
                var section = block.Text.Contains(" merge ", StringComparison.Ordinal) && command.Length == 1
                    ? block.Lines.Where(l => !l.Contains(" merge ", StringComparison.Ordinal)) : block.Lines;
                foreach (Match option in Regex.Matches(command.Length == 2 ? line : string.Join('\n', section), @"(?<![\w-])--[a-z][a-z-]*"))
                    Assert.Contains(option.Value, help, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Local_settings_examples_are_what_it_writes()
    {
        string file = Path.Combine("config", "airflow_local_settings.py");
        // A project without a config folder: the first line says where the new file goes and why.
        string fresh = EmptyProject("ls-fresh");
        var (code, _, stderr) = DocBlocks.RunPodlint("podlint local-settings --mirror-registry mirror.example.com --target-airflow 2.9.3 --target-cncf-kubernetes 8.4.1", fresh);
        Assert.True(code == 0, stderr);
        Assert.Equal(DocBlocks.Find("docs/local-settings.md", "podlint: writing config/airflow_local_settings.py").FirstLine, stderr.Split('\n')[0]);
        string written = File.ReadAllText(Path.Combine(fresh, file));
        AssertShown(written, "# >>> podlint local-settings");
        AssertShown(written, "from airflow.providers.cncf.kubernetes.utils.xcom_sidecar");

        string old = EmptyProject("ls-110");
        Assert.Equal(0, DocBlocks.RunPodlint("podlint local-settings --mirror-registry mirror.example.com --target-airflow 1.10.15", old).Code);
        AssertShown(File.ReadAllText(Path.Combine(old, file)), "try:");

        string all = EmptyProject("ls-all");
        Assert.Equal(0, DocBlocks.RunPodlint("podlint local-settings --mirror-registry mirror.example.com --all-images --target-airflow 2.9.3 --target-cncf-kubernetes 8.4.1", all).Code);
        AssertShown(File.ReadAllText(Path.Combine(all, file)), "def pod_mutation_hook(pod):");

        string wrapped = EmptyProject("ls-wrap");
        Directory.CreateDirectory(Path.Combine(wrapped, "config"));
        File.WriteAllText(Path.Combine(wrapped, file), "def pod_mutation_hook(pod):\n    pod.metadata.labels = {\"team\": \"data\"}\n");
        var wrap = DocBlocks.RunPodlint("podlint local-settings --mirror-registry mirror.example.com --mutation-hook --target-airflow 2.9.3 --target-cncf-kubernetes 8.4.1", wrapped);
        Assert.True(wrap.Code == 0, wrap.Stderr);
        AssertShown(File.ReadAllText(Path.Combine(wrapped, file)), "_podlint_previous_pod_mutation_hook");

        static void AssertShown(string actual, string firstLine)
        {
            var block = DocBlocks.Find("docs/local-settings.md", firstLine);
            Assert.True(DocBlocks.ContainsElided(actual, block.Lines), $"{block} is not what podlint wrote:\n{actual}");
        }
    }

    [Fact]
    public void Baseline_commands_run_on_the_examples()
    {
        string project = ExamplesCopy();
        var lines = CommandLines(BlocksRunBy(nameof(Baseline_commands_run_on_the_examples)).Single(), "podlint").ToList();
        Assert.Equal(2, lines.Count);
        var write = DocBlocks.RunPodlint(lines[0], project);
        Assert.True(write.Code == 0, write.Stderr);
        Assert.True(File.Exists(Path.Combine(project, ".podlint-baseline.json")));
        // Nothing new since the baseline: no findings, exit 0.
        var check = DocBlocks.RunPodlint(lines[1] + " --output-format concise", project);
        Assert.Equal((0, "All checks passed!\n"), (check.Code, check.Stdout));
        File.AppendAllText(Path.Combine(project, "dags", "nightly_etl.py"), "broken = (\n");
        var after = DocBlocks.RunPodlint(lines[1] + " --output-format concise", project);
        Assert.Equal(1, after.Code);
        Assert.Contains("POD001", after.Stdout, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Custom rules

    [Fact]
    public void Policy_commands_run_in_a_new_project()
    {
        string project = "";
        foreach (var block in BlocksRunBy(nameof(Policy_commands_run_in_a_new_project)).Where(b => b.Lang == "sh"))
        {
            // A block that starts a rule gets a new project; the others use the last one (its policy is there).
            if (block.FirstLine.StartsWith("podlint new-rule", StringComparison.Ordinal)) project = EmptyProject($"policy{block.File.Length}-{block.Line}");
            Assert.NotEqual("", project);
            foreach (var line in CommandLines(block, "podlint"))
            {
                var (words, _) = DocBlocks.Split(line);
                // A fixture named on the command line ('more/case.py'): the scaffold's own fixture, copied there.
                foreach (var py in words.Skip(3).Where(w => w.EndsWith(".py", StringComparison.Ordinal)))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(project, py))!);
                    File.Copy(Path.Combine(project, "policies", "tests", "RequiredLabels", "required_labels.py"), Path.Combine(project, py), overwrite: true);
                }
                // README's 'podlint check examples/policies' is about this repository's examples.
                string cwd = words.Any(w => w.StartsWith("examples/", StringComparison.Ordinal)) ? RepoPaths.Root : project;
                var (code, stdout, stderr) = DocBlocks.RunPodlint(line, cwd);
                Assert.True(code is 0 or 1, $"{block}: `{line}` exited {code}:\n{stdout}{stderr}");
                if (words[1] == "new-rule")
                {
                    Assert.Equal(0, code);
                    Assert.True(File.Exists(Path.Combine(project, "policies", "RequiredLabels.cs")));
                }
                // The output docs/custom-rules.md shows is what test-rule prints for new-rule's fixture.
                if (words[1] == "test-rule" && words.Length == 3)
                    Assert.Equal((0, DocBlocks.Find("docs/custom-rules.md", "policies/tests/RequiredLabels/").Text), (code, stdout));
                if (words[1] == "test-rule" && words.Length == 4)
                    Assert.Equal((0, $"{words[3]}: ok (1 finding)\n1 fixture: 1 passed, 0 failed\n"), (code, stdout));
                if (words[1] == "check") Assert.Contains(": ACME00", stdout, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Policy_anatomy_example_compiles_and_finds_what_it_says()
    {
        string project = EmptyProject("anatomy");
        var block = DocBlocks.Find("docs/custom-rules.md", "using PodLint.Rules.Engine;");
        Directory.CreateDirectory(Path.Combine(project, "policies", "tests", "RequiredLabels"));
        File.WriteAllText(Path.Combine(project, "policies", "RequiredLabels.cs"), block.Text);
        File.WriteAllText(Path.Combine(project, "policies", "tests", "RequiredLabels", "labels.py"),
            "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\n"
            + "bare = KubernetesPodOperator(task_id=\"bare\", image=\"x\")   # expect: ACME002\n"
            + "labelled = KubernetesPodOperator(task_id=\"l\", image=\"x\", labels={\"team\": \"a\"})\n");
        var (code, stdout, stderr) = DocBlocks.RunPodlint("podlint test-rule policies/RequiredLabels.cs", project);
        Assert.True(code == 0, stdout + stderr);
        Assert.Equal("policies/tests/RequiredLabels/labels.py: ok (1 finding)\n1 fixture: 1 passed, 0 failed\n", stdout);
    }

    [Fact]
    public void Policy_fixture_example_passes_test_rule()
    {
        // The fixture of docs/custom-rules.md expects ACME002 (RequiredLabels) and ACME001 (AllowedRegistries), two
        // policies, so it is checked with podlint check in a copy of examples/policies (which configures both): the
        // findings are exactly the expectations.
        string project = Path.Combine(_temp, "fixture");
        DocBlocks.CopyTree(Path.Combine(RepoPaths.Root, "examples", "policies"), project);
        Git(project, "init", "-q", "-b", "main");
        var block = DocBlocks.Find("docs/custom-rules.md", "bare = KubernetesPodOperator");
        string fixture = "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n" + block.Text;
        File.WriteAllText(Path.Combine(project, "case.py"), fixture);
        var (code, stdout, stderr) = DocBlocks.RunPodlint("podlint check --output-format concise --select ACME case.py", project);
        Assert.True(code == 1, stdout + stderr);
        var found = Regex.Matches(stdout, @"^case\.py:(\d+):\d+: (ACME\d+)", RegexOptions.Multiline).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["2 ACME002", "4 ACME001", "4 ACME002"], found);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bench and build scripts: they exist and take the documented arguments (not run: they take minutes)

    [Fact]
    public void Bench_and_build_commands_name_scripts_that_accept_their_arguments()
    {
        int checkedLines = 0;
        foreach (var block in BlocksRunBy(nameof(Bench_and_build_commands_name_scripts_that_accept_their_arguments)))
        {
            foreach (var raw in block.Lines)
            {
                string comment = raw.Contains(" #", StringComparison.Ordinal) ? raw[raw.IndexOf(" #", StringComparison.Ordinal)..] : "";
                var (words, _) = DocBlocks.Split(raw);
                var env = words.TakeWhile(w => Regex.IsMatch(w, "^[A-Z_]+=")).ToList();
                words = [.. words.Skip(env.Count)];
                if (words.Length == 0) continue;
                checkedLines++;
                if (words[0].EndsWith(".sh", StringComparison.Ordinal)) CheckScript(block, words, comment);
                else if (words is ["python3", var script, ..]) CheckPythonScript(block, script, words[2..]);
                else if (words is ["dotnet", "run", ..]) CheckDotnetRun(block, words, env);
                else Assert.Fail($"{block}: a command this test does not know: {raw}");
            }
        }
        Assert.True(checkedLines >= 15, $"only {checkedLines} bench lines found");
    }

    /// <summary>The script exists, is executable, parses (bash -n), and its usage line (<c>#   SCRIPT [ARG] ...</c>)
    /// takes at least as many positional arguments as documented and every documented option; environment
    /// variables the doc names in a comment are read by the script.</summary>
    private static void CheckScript(DocBlock block, string[] words, string comment)
    {
        string path = Path.Combine(RepoPaths.Root, words[0]);
        Assert.True(File.Exists(path), $"{block}: {words[0]} does not exist");
        if (!OperatingSystem.IsWindows()) Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, $"{block}: {words[0]} is not executable");
        var (code, _, err) = ActionTests.RunProcess("bash", ["-n", path], RepoPaths.Root, null);
        Assert.True(code == 0, $"{words[0]}: {err}");
        string text = File.ReadAllText(path);
        var usage = Regex.Match(text, $@"^#\s+{Regex.Escape(words[0])}((?:\s+\[[^\]]*\])*)", RegexOptions.Multiline);
        Assert.True(usage.Success, $"{words[0]} has no usage line '#   {words[0]} [ARG]...'");
        var parameters = Regex.Matches(usage.Groups[1].Value, @"\[([^\]]*)\]").Select(m => m.Groups[1].Value).ToList();
        var positional = words.Skip(1).Where(w => !w.StartsWith('-')).ToList();
        var options = words.Skip(1).Where(w => w.StartsWith('-')).ToList();
        // An option's value is not positional.
        int optionValues = options.Count(o => parameters.Any(p => p.StartsWith(o + " ", StringComparison.Ordinal)));
        Assert.True(positional.Count - optionValues <= parameters.Count(p => !p.StartsWith('-')), $"{block}: {string.Join(' ', words)} passes more arguments than {words[0]} takes ({usage.Value.Trim()})");
        foreach (var o in options) Assert.True(parameters.Any(p => p == o || p.StartsWith(o + " ", StringComparison.Ordinal)), $"{block}: {words[0]} has no option {o}");
        foreach (Match variable in Regex.Matches(comment, @"\b([A-Z][A-Z_]+)="))
            Assert.Contains(variable.Groups[1].Value, text, StringComparison.Ordinal);
        foreach (var alternative in Regex.Matches(comment, @"or: (\S+\.sh)\b").Select(m => m.Groups[1].Value))
            Assert.Equal(words[0], alternative);
    }

    /// <summary>A generator script: run for real with the documented arguments, into a temporary folder.</summary>
    private void CheckPythonScript(DocBlock block, string script, string[] args)
    {
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, script)), $"{block}: {script} does not exist");
        string output = Path.Combine(_temp, "corpus");
        var run = ActionTests.RunProcess("python3", [Path.Combine(RepoPaths.Root, script), output, .. args[1..]], RepoPaths.Root, null);
        Assert.True(run.Code == 0, $"{block}: python3 {script} {string.Join(' ', args)}: {run.Stderr}");
        int files = int.Parse(args[Array.IndexOf(args, "--files") + 1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(files, Directory.GetFiles(output, "*.py", SearchOption.AllDirectories).Length);
    }

    /// <summary><c>dotnet run --project P -- ARGS</c>: the project is in the solution; its own options are in its source;
    /// BenchmarkDotNet's (--filter, --job) come with the package it references.</summary>
    private static void CheckDotnetRun(DocBlock block, string[] words, List<string> env)
    {
        string project = words[Array.IndexOf(words, "--project") + 1];
        string dir = Path.Combine(RepoPaths.Root, project);
        var csproj = Directory.GetFiles(dir, "*.csproj").Single();
        Assert.Contains(project.Replace('/', '\\'), File.ReadAllText(Path.Combine(RepoPaths.Root, "PodLint.sln")), StringComparison.Ordinal);
        string source = string.Concat(Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)).Select(File.ReadAllText));
        bool benchmarkDotNet = File.ReadAllText(csproj).Contains("BenchmarkDotNet", StringComparison.Ordinal);
        int dashes = Array.IndexOf(words, "--");
        foreach (var option in dashes < 0 ? [] : words[(dashes + 1)..].Where(w => w.StartsWith("--", StringComparison.Ordinal)))
        {
            if (benchmarkDotNet && option is "--filter" or "--job") continue;
            Assert.True(source.Contains($"\"{option}\"", StringComparison.Ordinal), $"{block}: {project} has no option {option}");
        }
        foreach (var variable in env.Select(e => e[..e.IndexOf('=')]))
            Assert.True(source.Contains($"\"{variable}\"", StringComparison.Ordinal), $"{block}: {project} does not read {variable}");
    }
}
