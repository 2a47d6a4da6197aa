using System.Text;
using PodLint.Rules.Context;

namespace PodLint.Rules.Tests.Context;

/// <summary>The byte prefilter never hides a sign that <see cref="ComposerEvidence.Find"/> would report.</summary>
public class ComposerEvidenceTests
{
    [Theory]
    [InlineData("OUT = \"/home/airflow/gcs/data/export.csv\"\n", 1, "/home/airflow/gcs/")]
    [InlineData("x = 1\nconfig_file=\"/home/airflow/composer_kube_config\"\n", 2, "/home/airflow/composer_kube_config")]
    [InlineData("import os\n\nENV = os.environ[\"COMPOSER_ENVIRONMENT\"]\n", 3, "COMPOSER_ENVIRONMENT")]
    [InlineData("# image: composer-2.9.7-airflow-2.9.3\n", 1, "composer-2.9.7-airflow-2.9.3")]
    public void Every_sign_passes_the_prefilter_and_is_found(string text, int line, string match)
    {
        Assert.True(ComposerEvidence.MayContainSign(Encoding.UTF8.GetBytes(text)));
        Assert.Equal((line, match), ComposerEvidence.Find(text));
    }

    [Theory]
    [InlineData("from airflow import DAG\nimage = \"gcr.io/proj/img:1.0\"\n")]
    [InlineData("GCS_BUCKET = \"b\"\n")]
    public void A_file_without_signs_is_refused_by_the_prefilter(string text)
    {
        Assert.False(ComposerEvidence.MayContainSign(Encoding.UTF8.GetBytes(text)));
        Assert.Null(ComposerEvidence.Find(text));
    }

    [Fact]
    public void A_prefilter_hit_is_not_a_sign_by_itself()
    {
        const string text = "NAME = \"COMPOSER_UNKNOWN\"  # not a variable Composer sets\n";
        Assert.True(ComposerEvidence.MayContainSign(Encoding.UTF8.GetBytes(text)));
        Assert.Null(ComposerEvidence.Find(text));
    }
}
