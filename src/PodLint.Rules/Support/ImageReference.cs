namespace PodLint.Rules.Support;

/// <summary>
/// A container image reference split the way Docker and containerd read it:
/// <c>[host[:port]/]path[:tag][@digest]</c>. The first path component is a registry host only when it
/// contains a <c>.</c> or a <c>:</c>, or is <c>localhost</c>; otherwise the image lives on Docker Hub.
/// </summary>
public sealed record ImageReference(string Text, string? Host, string Path, string? Tag, string? Digest)
{
    private static readonly HashSet<string> s_dockerHubHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com",
    };

    /// <summary>No registry host, or one of Docker Hub's own names.</summary>
    public bool IsDockerHub => Host is null || s_dockerHubHosts.Contains(Host);

    /// <summary>A digest pins the content whatever the tag says.</summary>
    public bool IsPinnedByDigest => Digest is not null;

    /// <summary>The host without its port, lower-cased.</summary>
    public string? HostName => Host is null ? null : (Host.Contains(':') ? Host[..Host.IndexOf(':')] : Host).ToLowerInvariant();

    /// <summary>The reference as a registry mirror serves it: Docker Hub's official images sit under <c>library/</c>.</summary>
    public string DockerHubPath
    {
        get
        {
            var path = Path.Contains('/') ? Path : "library/" + Path;
            return path + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);
        }
    }

    /// <summary>Parses a literal image string; null for empty strings or anything with spaces or templates.</summary>
    public static ImageReference? TryParse(string text)
    {
        if (text.Length == 0 || Templates.IsTemplated(text)) return null;
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch)) return null;
        }
        string rest = text;
        string? digest = null;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }
        string? host = null;
        int slash = rest.IndexOf('/');
        if (slash > 0)
        {
            var first = rest[..slash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost")
            {
                host = first;
                rest = rest[(slash + 1)..];
            }
        }
        string? tag = null;
        int colon = rest.LastIndexOf(':');
        if (colon >= 0 && colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }
        if (rest.Length == 0) return null;
        return new ImageReference(text, host, rest, tag, digest);
    }
}
