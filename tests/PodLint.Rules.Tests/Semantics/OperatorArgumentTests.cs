using PodLint.Rules.Semantics;
using PodLint.Syntax.Python;
using PodLint.Syntax.Python.Ast;
using Assert = Xunit.Assert;

namespace PodLint.Rules.Tests.Semantics;

/// <summary>
/// Arguments read their name and value from the keyword (or default_args key) they were written at, and keep the rest
/// apart: these tests pin what a reader sees, whichever way it is stored.
/// </summary>
public sealed class OperatorArgumentTests
{
    private const string Source = """
        from airflow import DAG
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
        with DAG("d", default_args={"retries": 2}) as dag:
            a = KubernetesPodOperator(task_id="a", image="bash")
            b = KubernetesPodOperator(task_id="b")
        """;

    private static ModuleModel Model(string source, IModuleResolver? resolver = null)
    {
        var result = PythonParser.Parse(source);
        Assert.True(result.Success, result.Error?.ToString());
        return ModuleModel.Build(result.Module!, resolver);
    }

    [Fact]
    public void A_keyword_argument_is_the_keyword_written()
    {
        var call = Model(Source).OperatorCalls[0];
        var image = call["image"]!;
        var keyword = Assert.IsType<Keyword>(image.Location);
        Assert.Equal(("image", "image"), (image.Name, keyword.Arg));
        Assert.Same(keyword.Value, image.Value);
        Assert.Same(keyword.Value, image.ResolvedValue);
        Assert.Equal(ArgumentOrigin.Call, image.Origin);
        Assert.Null(image.External);
        Assert.Null(image.ExternalEntry);
    }

    [Fact]
    public void A_default_args_entry_is_reported_at_its_key_with_its_value()
    {
        var model = Model(Source);
        foreach (var call in model.OperatorCalls)
        {
            var retries = call["retries"]!;
            var key = Assert.IsType<Constant>(retries.Location);
            Assert.Equal("retries", key.Value);
            Assert.Equal("retries", retries.Name);
            Assert.Equal("2", Assert.IsType<Constant>(retries.Value).Value?.ToString());
            Assert.Same(retries.Value, retries.ResolvedValue);
            Assert.Equal(ArgumentOrigin.DefaultArgs, retries.Origin);
        }
    }

    [Fact]
    public void Moving_an_argument_keeps_its_name_and_value()
    {
        var call = Model(Source).OperatorCalls[0];
        var image = call["image"]!;
        var moved = image with { Location = call.Node };
        Assert.Same(call.Node, moved.Location);
        Assert.Equal("image", moved.Name);
        Assert.Same(image.Value, moved.Value);
        Assert.Same(image.ResolvedValue, moved.ResolvedValue);
        Assert.NotEqual(image, moved);
        // Moved back, it equals the original again: equality is that of name, values, origin and location.
        Assert.Equal(image, moved with { Location = image.Location });
        Assert.Equal(image.GetHashCode(), (moved with { Location = image.Location }).GetHashCode());
    }

    [Fact]
    public void Renaming_or_revaluing_an_argument_is_seen_by_readers()
    {
        var call = Model(Source).OperatorCalls[0];
        var image = call["image"]!;
        var taskId = call["task_id"]!;
        var renamed = image with { Name = "other" };
        Assert.Equal(("other", "image"), (renamed.Name, image.Name));
        Assert.NotEqual(image, renamed);
        Assert.Equal(image, renamed with { Name = "image" });
        var revalued = image with { Value = taskId.Value };
        Assert.Same(taskId.Value, revalued.Value);
        Assert.Same(image.Location, revalued.Location);
        Assert.Equal(image, revalued with { Value = image.Value });
    }

    /// <summary>A resolver knowing one constant: <c>shared.DEFAULTS</c>, a default_args dict.</summary>
    private sealed class SharedDefaults(Expr dict) : IModuleResolver
    {
        public ExternalSymbol? Resolve(string qualifiedName) =>
            qualifiedName == "shared.DEFAULTS" ? new ExternalConstant(dict, new ExternalOrigin("shared.py", 1)) : null;

        public string? PackageOf(string displayPath) => "";
    }

    /// <summary>
    /// The default_args of a DAG are read anew for each call once a function's <c>global</c> import has bound the name
    /// they are given by: the calls before it do not see the imported dict, those after it do (each call is read where it
    /// stands in the module).
    /// </summary>
    [Fact]
    public void Default_args_bound_late_by_a_global_import_reach_the_calls_after_it()
    {
        var shared = PythonParser.Parse("DEFAULTS = {\"retries\": 3}\n").Module!;
        var dict = ((Assign)shared.Body[0]).Value;
        var model = Model("""
            from airflow import DAG
            from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
            with DAG("d", default_args=DEFAULTS) as dag:
                a = KubernetesPodOperator(task_id="a")
                def load():
                    global DEFAULTS
                    from shared import DEFAULTS
                b = KubernetesPodOperator(task_id="b")
            """, new SharedDefaults(dict));
        Assert.Equal(2, model.OperatorCalls.Count);
        Assert.Null(model.OperatorCalls[0]["retries"]);
        var retries = model.OperatorCalls[1]["retries"]!;
        Assert.Equal(ArgumentOrigin.DefaultArgs, retries.Origin);
        Assert.Equal(new ExternalOrigin("shared.py", 1), retries.External);
    }
}
