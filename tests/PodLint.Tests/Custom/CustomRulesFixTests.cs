namespace PodLint.Tests.Custom;

/// <summary>
/// Fixes offered by a custom rule go through <c>check --fix</c> and <c>--diff</c> like the built-in ones:
/// the example AllowedRegistries policy (ACME001) copied into a project, over its own fixture.
/// </summary>
public sealed class CustomRulesFixTests : CustomRulesTestBase
{
    private const string Images = "examples/policies/tests/AllowedRegistries/images.py";

    private void Project()
    {
        Write("pyproject.toml", "[tool.podlint]\ncustom-rules = [\"policies/*.cs\"]\n");
        Copy("examples/policies/AllowedRegistries.cs", "policies/AllowedRegistries.cs");
        Copy(Images, "dags/images.py");
    }

    /// <summary>The ACME001 findings no fix removes: a shared constant, and registries other than Docker Hub.</summary>
    private const string Unfixable =
        "dags/images.py:18:50: ACME001 image 'busybox:1.36' comes from Docker Hub\n"
        + "dags/images.py:19:46: ACME001 image 'quay.io/prometheus/busybox:latest' comes from quay.io, which production clusters cannot pull from\n"
        + "dags/images.py:20:58: ACME001 image 'ghcr.io/someone/tool:1' comes from ghcr.io, which production clusters cannot pull from\n";

    [Fact]
    public void Fix_applies_the_custom_rules_fix_and_gives_the_fixtures_fixed_text_byte_for_byte()
    {
        Project();
        var (code, stdout, stderr) = Concise("--fix", "--select", "ACME");
        Assert.Equal("", stderr);
        Assert.Equal(Unfixable + "Found 3 findings remaining (3 fixed).\n", stdout);
        Assert.Equal(1, code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoRoot, Images + ".fixed")), File.ReadAllBytes(Path.Combine(Dir, "dags", "images.py")));

        var again = Concise("--fix", "--select", "ACME");
        Assert.Equal((Unfixable + "Found 3 findings remaining (0 fixed).\n", 1), (again.Stdout, again.Code));
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoRoot, Images + ".fixed")), File.ReadAllBytes(Path.Combine(Dir, "dags", "images.py")));
    }

    [Fact]
    public void Diff_prints_the_custom_rules_fixes_and_writes_nothing()
    {
        Project();
        var (code, stdout, stderr) = Check("--diff", "--select", "ACME001");
        Assert.Equal(
            """
            --- a/dags/images.py
            +++ b/dags/images.py
            @@ -7,13 +7,13 @@
             ok_ghcr = KubernetesPodOperator(task_id="ok_ghcr", image="ghcr.io/acme/report:5")
             templated = KubernetesPodOperator(task_id="templated", image="{{ var.value.etl_image }}")
             
            -official = KubernetesPodOperator(task_id="official", image="python:3.12-slim")  # expect: ACME001
            +official = KubernetesPodOperator(task_id="official", image="registry.acme.example/dockerhub/library/python:3.12-slim")  # expect: ACME001
             user_image = KubernetesPodOperator(
                 task_id="user_image",
            -    image='bitnami/kubectl:1.30',  # expect: ACME001
            +    image='registry.acme.example/dockerhub/bitnami/kubectl:1.30',  # expect: ACME001
             )
             # expect: ACME001
            -docker = DockerOperator(task_id="docker", image="docker.io/library/postgres:16")
            +docker = DockerOperator(task_id="docker", image="registry.acme.example/dockerhub/library/postgres:16")
             # expect: ACME001
             shared = KubernetesPodOperator(task_id="shared", image=SHARED_IMAGE)
             quay = KubernetesPodOperator(task_id="quay", image="quay.io/prometheus/busybox:latest")  # expect: ACME001

            """,
            stdout);
        Assert.Equal("podlint: 3 fixes would be applied\n", stderr);
        Assert.Equal(1, code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoRoot, Images)), File.ReadAllBytes(Path.Combine(Dir, "dags", "images.py")));
    }
}
