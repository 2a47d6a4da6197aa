using PodLint.Rules.Support;

namespace PodLint.Rules.Tests.Support;

/// <summary>
/// <see cref="ImageReference"/>: the parse custom rules rely on is unchanged, and <see cref="ImageReference.Validate"/>
/// refuses what the kubelet refuses (InvalidImageName), for the reason it gives.
/// </summary>
public class ImageReferenceTests
{
    [Theory]
    [InlineData("bash", null, "bash", null, null, true)]
    [InlineData("perl:5.34.0", null, "perl", "5.34.0", null, true)]
    [InlineData("registry.example.com:5000/etl/load:1", "registry.example.com:5000", "etl/load", "1", null, false)]
    [InlineData("localhost/x@sha256:abc", "localhost", "x", null, "sha256:abc", false)]
    [InlineData("Python:3.6", null, "Python", "3.6", null, true)]
    [InlineData("MyOrg/app:1", null, "MyOrg/app", "1", null, true)]
    public void TryParse_splits_as_before(string text, string? host, string path, string? tag, string? digest, bool dockerHub)
    {
        var r = ImageReference.TryParse(text)!;
        Assert.Equal((text, host, path, tag, digest, dockerHub), (r.Text, r.Host, r.Path, r.Tag, r.Digest, r.IsDockerHub));
    }

    [Theory]
    [InlineData("python:3.12", null)]
    [InlineData("Registry.Example.com/etl/load:V1-SLIM", null)]
    [InlineData("[::1]:5000/etl:1", null)]
    [InlineData("etl/load@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", null)]
    [InlineData("my_org/etl__x/load-job.v2", null)]
    [InlineData("{{ var.value.Image }}", null)]
    [InlineData("Python:3.6", "the repository name 'Python' has upper-case letters; repository names must be lower case")]
    [InlineData("registry.example.com/Team/App@sha256:abc", "the repository name 'Team/App' has upper-case letters; repository names must be lower case")]
    [InlineData("python:", "the tag after ':' is empty")]
    [InlineData("python:-3", "'-3' is not a valid tag (up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-')")]
    [InlineData("python 3", "it contains white space")]
    [InlineData("", "the reference is empty")]
    [InlineData("etl/load_", "'load_' is not a valid repository name part (lower-case letters and digits, joined by single '.', '_', '__' or '-' runs)")]
    [InlineData("etl//load", "the repository path 'etl//load' has an empty part")]
    [InlineData("etl@sha256:abc", "'sha256:abc' is not a valid digest (algorithm:hex)")]
    [InlineData("etl@md5:0123456789abcdef0123456789abcdef", "'md5' is not a supported digest algorithm")]
    [InlineData("etl@sha256:0123456789abcdef0123456789abcdef", "a sha256 digest has 64 hexadecimal digits, not 32")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "a 64-character hexadecimal string is an image ID, not a repository name")]
    [InlineData("registry-.example.com/etl:1", "'registry-.example.com' is not a valid registry host")]
    public void Validate_follows_the_reference_grammar(string text, string? reason)
    {
        Assert.Equal(reason, ImageReference.Validate(text));
        if (ImageReference.TryParse(text) is { } parsed) Assert.Equal((reason, reason is null), (parsed.InvalidReason, parsed.IsValid));
    }

    [Theory]
    [InlineData("Python:3.6", 0, 6)]
    [InlineData("Registry.Example.com:5000/Team/App:V1", 26, 8)]
    [InlineData("etl/Load@sha256:abc", 0, 8)]
    public void RepositorySpan_is_the_part_that_must_be_lower_case(string text, int start, int length) =>
        Assert.Equal((start, length), ImageReference.TryParse(text)!.RepositorySpan);
}
