using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;

namespace PodLint.Rules.Rules;

/// <summary>POD105: DockerOperator with docker_conn_id logs in to the registry before it looks for a cached image.</summary>
public sealed class Pod105DockerEagerRegistryLogin : Rule
{
    public const string Id = "POD105";

    public override RuleMetadata Metadata { get; } = new(
        Id, "docker-eager-registry-login", RuleFamily.Images, Severity.Info,
        "DockerOperator with docker_conn_id logs in to the registry on every run, even when the image is cached",
        "all versions (docker provider, and Airflow 1.10's airflow.operators.docker_operator)",
        FixAvailability.None,
        """
        ### What it flags
        A `DockerOperator` whose `docker_conn_id` is set to anything other than `None` (in the call,
        `default_args`, a partial or `.partial()`).

        ### Why it breaks
        The registry login happens when the operator creates its Docker client, which is before it checks
        whether the image is already on the daemon:
        - docker provider >= 3.5.0: the operator always goes through `DockerHook`, whose `api_client` pings
          the daemon and, when `docker_conn_id` is set, calls `client.login(...)` (with `reauth` on by default);
          a login `APIError` is raised, and the first `images(...)` lookup is what creates the client;
        - docker provider < 3.5.0 and Airflow 1.10's `airflow.operators.docker_operator`: the operator uses the
          hook only when `docker_conn_id` is set, and the hook's `get_conn()` always logs in.

        So a registry outage fails every such task before the container starts, even with `force_pull=False`
        and the image cached on the host.

        ### Example
        ```python
        DockerOperator(
            task_id="transform",
            image="registry.example.com/etl/transform:3.2",
            docker_conn_id="registry_example",   # POD105: logs in to registry.example.com on every run
        )
        ```

        ### Fix
        When the image is pre-pulled on the Docker hosts (or pulled by other means), drop `docker_conn_id`
        (or pass `docker_conn_id=None`) so no login happens. Keep it when the operator really needs to pull
        from a private registry, and accept the dependency. Whether `reauth=no` on the connection avoids the
        network round trip depends on docker-py's credential cache, which PodLint does not assume.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.DockerHookAlways];

    public override void Check(RuleContext ctx)
    {
        var modelCalls = ctx.Model.CallsAndPartials;
        for (int ci = 0; ci < modelCalls.Count; ci++)
        {
            var call = modelCalls[ci];
            if (call.Kind != OperatorKind.Docker) continue;
            var conn = call["docker_conn_id"];
            if (!PodRuleSupport.IsSet(conn)) continue;
            string message;
            if (call.OperatorName.StartsWith("airflow.operators.", StringComparison.Ordinal))
                message = "docker_conn_id makes the Airflow 1.10 DockerOperator log in to the registry on every run";
            else
            {
                string version = PodRuleSupport.Assumed(ctx.Settings.Versions, Package.Docker);
                message = ctx.Settings.Versions.AtLeast(ReleaseFacts.DockerHookAlways)
                    ? $"docker_conn_id makes DockerHook log in to the registry even when the image is cached{version}"
                    : $"docker_conn_id makes DockerHook.get_conn() log in to the registry on every run{version}";
            }
            ctx.Report(conn!.Location, message);
        }
    }
}
