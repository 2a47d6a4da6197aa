using PodLint.Cli.Check;
using PodLint.Rules.Versions;

namespace PodLint.Tests.Check;

/// <summary>The providers a file names, found in one pass: every marker counts, wherever it sits in another one.</summary>
public class ProviderUseTests
{
    [Theory]
    [InlineData("x = 1\n", "")]
    [InlineData("from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n", "CncfKubernetes")]
    [InlineData("from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator\n", "CncfKubernetes")]
    [InlineData("from airflow.providers.google.cloud.operators.kubernetes_engine import GKEStartPodOperator\n", "Google,CncfKubernetes")]
    [InlineData("@task.docker(image='python:3.12')\ndef f(): ...\nfrom airflow.providers.amazon.aws.operators.eks import EksPodOperator\n", "Amazon,CncfKubernetes,Docker")]
    [InlineData("from airflow.contrib.operators.gcp_container_operator import GKEPodOperator\nfrom airflow.operators.docker_operator import DockerOperator\n", "Google,CncfKubernetes,Docker")]
    public void Names_the_providers_of_every_marker_in_marker_order(string text, string expected) =>
        Assert.Equal(expected, string.Join(",", ProviderUse.Of(text).Select(p => p.ToString())));
}
