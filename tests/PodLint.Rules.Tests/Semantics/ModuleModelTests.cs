using PodLint.Rules.Semantics;
using PodLint.Syntax.Python;
using PodLint.Syntax.Python.Ast;
using Assert = Xunit.Assert;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;

namespace PodLint.Rules.Tests.Semantics;

/// <summary>The semantic model: which calls are pod operators, and which arguments reach them.</summary>
public class ModuleModelTests
{
    private static ModuleModel Model(string source)
    {
        var result = PythonParser.Parse(source);
        Assert.True(result.Success, result.Error?.ToString());
        return ModuleModel.Build(result.Module!);
    }

    /// <summary>One line per operator use: kind, operator short name, line, and its effective arguments.</summary>
    private static string[] Describe(ModuleModel model) =>
        model.OperatorCalls.Select(c =>
            $"{c.Kind} {c.DisplayName} @{c.Node.Range.Lineno}: " +
            string.Join(", ", c.Arguments.Select(a => $"{a.Name}={a.Origin}")) +
            (c.ReturnsValue ? " returns" : "")).ToArray();

    private const string KpoImport = "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n";

    [Fact]
    public void DirectCallWithKeywords()
    {
        var m = Model(KpoImport + "t = KubernetesPodOperator(task_id='a', image='bash')\n");
        Assert.Equal(["KubernetesPod KubernetesPodOperator @2: task_id=Call, image=Call"], Describe(m));
    }

    [Fact]
    public void EveryImportFormResolves()
    {
        var m = Model("""
            import airflow.providers.cncf.kubernetes.operators.pod
            import airflow.providers.cncf.kubernetes.operators.pod as podmod
            from airflow.providers.cncf.kubernetes.operators import pod
            from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator as KPO
            airflow.providers.cncf.kubernetes.operators.pod.KubernetesPodOperator(task_id='a')
            podmod.KubernetesPodOperator(task_id='b')
            pod.KubernetesPodOperator(task_id='c')
            KPO(task_id='d')
            """);
        Assert.Equal(
            [
                "KubernetesPod KubernetesPodOperator @5: task_id=Call",
                "KubernetesPod KubernetesPodOperator @6: task_id=Call",
                "KubernetesPod KubernetesPodOperator @7: task_id=Call",
                "KubernetesPod KubernetesPodOperator @8: task_id=Call",
            ],
            Describe(m));
        Assert.Equal("airflow.contrib.operators.kubernetes_pod_operator.KubernetesPodOperator", m.OperatorCalls[3].OperatorName);
        Assert.Equal(4, m.Imports.Count);
        Assert.Equal("airflow.providers.cncf.kubernetes.operators.pod", m.Imports[2].ImportedPath);
        Assert.Equal("airflow", m.Imports[0].BoundTo);
        Assert.Equal("airflow.providers.cncf.kubernetes.operators.pod", m.Imports[1].BoundTo);
    }

    [Fact]
    public void ImportInsideTryExceptImportErrorResolves()
    {
        var m = Model("""
            try:
                from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
            except ImportError:
                from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator
            KubernetesPodOperator(task_id='a')
            """);
        Assert.Single(m.OperatorCalls);
        Assert.Equal("airflow.providers.cncf.kubernetes.operators.pod.KubernetesPodOperator", m.OperatorCalls[0].OperatorName);
        Assert.Equal(2, m.Imports.Count);
    }

    [Fact]
    public void ShadowedNamesDoNotResolve()
    {
        var m = Model(KpoImport + """
            def build(KubernetesPodOperator):
                return KubernetesPodOperator(task_id='param')
            def local():
                KubernetesPodOperator = dict
                return KubernetesPodOperator(task_id='local')
            class Holder:
                KubernetesPodOperator = dict
                made = KubernetesPodOperator(task_id='class body')
                def method(self):
                    return KubernetesPodOperator(task_id='method sees the module name')
            """);
        Assert.Equal(["KubernetesPod KubernetesPodOperator @11: task_id=Call"], Describe(m));
    }

    [Fact]
    public void ReassignedModuleNameDoesNotResolve()
    {
        var m = Model(KpoImport + "KubernetesPodOperator = None\nKubernetesPodOperator(task_id='x')\n");
        Assert.Empty(m.OperatorCalls);
    }

    [Fact]
    public void ConstantsAreFollowedOnlyWhenAssignedOnce()
    {
        var m = Model(KpoImport + """
            RES = {'limit_cpu': '1'}
            OTHER = {'a': 1}
            OTHER = {'b': 2}
            KubernetesPodOperator(task_id='a', resources=RES, labels=OTHER)
            """);
        var call = m.OperatorCalls.Single();
        Assert.IsType<Dict>(call["resources"]!.ResolvedValue);
        Assert.IsType<Name>(call["resources"]!.Value);
        Assert.IsType<Name>(call["labels"]!.ResolvedValue);
    }

    [Fact]
    public void DefaultArgsReachOperatorsUnderTheDag()
    {
        var m = Model(KpoImport + """
            from airflow import DAG
            from airflow.decorators import dag
            ARGS = {'image': 'bash', 'retries': 1}
            with DAG('a', default_args=ARGS):
                KubernetesPodOperator(task_id='in with', retries=2)
            @dag(default_args={'namespace': 'ns'})
            def pipeline():
                KubernetesPodOperator(task_id='in @dag')
            d = DAG('b', default_args={'image': 'perl'})
            KubernetesPodOperator(task_id='dag kw', dag=d)
            KubernetesPodOperator(task_id='outside')
            """);
        Assert.Equal(
            [
                "KubernetesPod KubernetesPodOperator @6: image=DefaultArgs, retries=DefaultArgs, task_id=Call, retries=Call",
                "KubernetesPod KubernetesPodOperator @9: namespace=DefaultArgs, task_id=Call",
                "KubernetesPod KubernetesPodOperator @11: image=DefaultArgs, task_id=Call, dag=Call",
                "KubernetesPod KubernetesPodOperator @12: task_id=Call",
            ],
            Describe(m));
        var first = m.OperatorCalls[0];
        Assert.Equal(ArgumentOrigin.Call, first["retries"]!.Origin);
        Assert.Equal("bash", first.StringValue("image"));
        Assert.Equal("perl", m.OperatorCalls[2].StringValue("image"));
    }

    [Fact]
    public void PartialsSubclassesAndMappedOperators()
    {
        var m = Model(KpoImport + """
            import functools
            from functools import partial
            Base = functools.partial(KubernetesPodOperator, image='bash', namespace='ns')
            Quick = partial(Base, image='perl')
            class MyPod(KubernetesPodOperator):
                pass
            class Mine(MyPod):
                pass
            Base(task_id='a')
            Quick(task_id='b')
            Mine(task_id='c')
            KubernetesPodOperator.partial(task_id='d', image='x').expand(arguments=[['a'], ['b']])
            """);
        Assert.Equal(
            [
                "KubernetesPod KubernetesPodOperator @10: image=Partial, namespace=Partial, task_id=Call",
                "KubernetesPod KubernetesPodOperator @11: image=Partial, namespace=Partial, image=Partial, task_id=Call",
                "KubernetesPod KubernetesPodOperator @12: task_id=Call",
                "KubernetesPod KubernetesPodOperator @13: task_id=Partial, image=Partial, arguments=Expand",
            ],
            Describe(m));
        Assert.Equal("perl", m.OperatorCalls[1].StringValue("image"));
    }

    [Fact]
    public void EveryPartialOfAnOperatorIsAPartialDefinitionWhereverItStands()
    {
        var m = Model(KpoImport + """
            import functools
            from functools import partial
            from typing import Callable
            Shared = functools.partial(KubernetesPodOperator, image='bash', is_delete_operator_pod=False)
            Annotated: Callable = partial(KubernetesPodOperator, namespace='ns')
            Annotated(task_id='a')
            def build():
                local = functools.partial(KubernetesPodOperator, image='perl')
                return local(task_id='b')
            OPS = {'x': partial(Shared, namespace='ns2')}
            partial(KubernetesPodOperator, image='x')(task_id='inline')
            NotAnOperator = functools.partial(dict, image='bash')
            """);
        Assert.Equal(
            [
                "KubernetesPod KubernetesPodOperator @7: namespace=Partial, task_id=Call",
                "KubernetesPod KubernetesPodOperator @12: image=Partial, task_id=Call",
            ],
            Describe(m));
        Assert.Equal(
            [
                "@5: image=Partial, is_delete_operator_pod=Partial",
                "@6: namespace=Partial",
                "@9: image=Partial",
                "@11: image=Partial, is_delete_operator_pod=Partial, namespace=Partial",
                "@12: image=Partial",
            ],
            m.PartialDefinitions.Select(c => $"@{c.Node.Range.Lineno}: " + string.Join(", ", c.Arguments.Select(a => $"{a.Name}={a.Origin}"))).ToArray());
        Assert.All(m.PartialDefinitions, c => Assert.True(c.IsPartial));
        Assert.All(m.OperatorCalls, c => Assert.False(c.IsPartial));
        // A partial's keywords keep the location where they are written, so a rule reports them once.
        Assert.Same(m.PartialDefinitions[0]["is_delete_operator_pod"]!.Location, m.PartialDefinitions[3]["is_delete_operator_pod"]!.Location);
        Assert.Equal(m.OperatorCalls.Count + m.PartialDefinitions.Count, m.CallsAndPartials.Count());
    }

    [Fact]
    public void TaskKubernetesDecorator()
    {
        var m = Model("""
            from airflow.decorators import task
            from airflow.sdk import task as sdk_task
            @task.kubernetes(image='python:3.12', namespace='ns')
            def returns_value():
                return {'a': 1}
            @sdk_task.kubernetes
            def returns_nothing():
                def inner():
                    return 1
                print('x')
            """);
        Assert.Equal(
            [
                "KubernetesTask @task.kubernetes @4: image=Decorator, namespace=Decorator returns",
                "KubernetesTask @task.kubernetes @7: ",
            ],
            Describe(m));
    }

    [Fact]
    public void ExecutorConfigOnAnyAirflowOperatorIsVisible()
    {
        var m = Model("""
            from airflow.operators.python import PythonOperator
            from mylib import Helper
            PythonOperator(task_id='a', executor_config={'KubernetesExecutor': {}})
            Helper(task_id='b', executor_config={})
            """);
        Assert.Equal(["Other PythonOperator @3: task_id=Call, executor_config=Call"], Describe(m));
    }

    [Fact]
    public void OtherOperatorsAndDockerAndProvidersAreClassified()
    {
        var m = Model("""
            from airflow.providers.google.cloud.operators.kubernetes_engine import GKEStartPodOperator
            from airflow.providers.amazon.aws.operators.eks import EksPodOperator
            from airflow.providers.cncf.kubernetes.operators.job import KubernetesJobOperator
            from airflow.providers.docker.operators.docker import DockerOperator
            GKEStartPodOperator(task_id='g')
            EksPodOperator(task_id='e')
            KubernetesJobOperator(task_id='j')
            DockerOperator(task_id='d')
            """);
        Assert.Equal(
            [
                "GkeStartPod GKEStartPodOperator @5: task_id=Call",
                "EksPod EksPodOperator @6: task_id=Call",
                "KubernetesJob KubernetesJobOperator @7: task_id=Call",
                "Docker DockerOperator @8: task_id=Call",
            ],
            Describe(m));
    }

    [Fact]
    public void DeeplyNestedExpressionsDoNotOverflow()
    {
        var source = KpoImport + "x = " + string.Join(" + ", Enumerable.Repeat("a", 4000)) + " + KubernetesPodOperator(task_id='deep')\n";
        var m = Model(source);
        Assert.Single(m.OperatorCalls);
    }

    [Fact]
    public void QualifiedNamesSeeLocalShadowing()
    {
        var m = Model("""
            import airflow
            def f(airflow):
                return airflow.contrib.kubernetes.secret
            g = airflow.contrib.kubernetes.secret
            """);
        var inFunction = (Attribute)((Return)((FunctionDef)m.Module.Body[1]).Body[0]).Value!;
        var atModule = ((Assign)m.Module.Body[2]).Value;
        Assert.Null(m.QualifiedName(inFunction));
        Assert.Equal("airflow.contrib.kubernetes.secret", m.QualifiedName(atModule));
    }

    [Fact]
    public void TaskDecoratorsAndPartialsOfAnyOperatorCarryTheirKeywords()
    {
        var m = Model("""
            import functools
            from airflow.decorators import task
            from airflow.operators.python import PythonOperator
            Big = functools.partial(PythonOperator, executor_config={'KubernetesExecutor': {}})
            Big(task_id='a', python_callable=print)
            @task(executor_config={'pod_override': None})
            def plain():
                return 1
            @task.docker(image='python:3.12')
            def in_docker():
                pass
            """);
        Assert.Equal(
            [
                "Other PythonOperator @5: executor_config=Partial, task_id=Call, python_callable=Call",
                "Other @task @7: executor_config=Decorator returns",
                "Docker @task.docker @10: image=Decorator",
            ],
            Describe(m));
    }
}
