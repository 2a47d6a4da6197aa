using System.Text.RegularExpressions;

namespace PodLint.Rules.Support;

/// <summary>
/// A container image reference split the way Docker and containerd read it:
/// <c>[host[:port]/]path[:tag][@digest]</c>. The first path component is a registry host only when it
/// contains a <c>.</c> or a <c>:</c>, or is <c>localhost</c>; otherwise the image lives on Docker Hub.
/// </summary>
public sealed partial record ImageReference(string Text, string? Host, string Path, string? Tag, string? Digest)
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

    /// <summary>
    /// Why the container runtime refuses this reference (Kubernetes then leaves the pod waiting with
    /// <c>InvalidImageName</c>), or null when it is a valid reference. See <see cref="Validate"/>.
    /// </summary>
    public string? InvalidReason => Validate(Text);

    /// <summary>Whether the reference follows the grammar every container runtime uses (see <see cref="Validate"/>).</summary>
    public bool IsValid => InvalidReason is null;

    /// <summary>
    /// The part of <see cref="Text"/> that must be lower case: the repository path after the registry host, as the
    /// runtime splits it (<c>Python</c> in <c>Python:3.6</c>, <c>Team/App</c> in <c>registry.example.com/Team/App:1</c>).
    /// Returns its start and length in <see cref="Text"/>.
    /// </summary>
    public (int Start, int Length) RepositorySpan
    {
        get
        {
            var (domainLength, remainder) = SplitDomain(Text);
            int colon = remainder.IndexOf(':');
            int at = remainder.IndexOf('@');
            int end = colon >= 0 ? colon : remainder.Length;
            if (at >= 0 && at < end) end = at;
            return (domainLength, end);
        }
    }

    /// <summary>
    /// Checks an image string the way the kubelet does before pulling (the <c>distribution/reference</c> grammar,
    /// <c>ParseNormalizedNamed</c>): an optional registry host (letters, digits, <c>-</c>, dots, an optional port),
    /// a repository path of lower-case parts joined by <c>.</c>, <c>_</c>, <c>__</c> or dashes, an optional tag of
    /// up to 128 word characters, <c>.</c> and <c>-</c> (not starting with <c>.</c> or <c>-</c>), an optional digest,
    /// and at most 255 characters of name. The first component is the host when it holds a <c>.</c> or <c>:</c>, is
    /// <c>localhost</c>, or has an upper-case letter. Returns why the string is refused, or null when it is valid.
    /// Templated strings are not checked (null).
    /// </summary>
    public static string? Validate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Several rules ask about the same image, and images repeat across a repository's files: the answers of
        // this thread are kept (a table of at most ValidateCacheSize entries, started afresh when full).
        var cache = t_validated ??= new Dictionary<string, string?>(StringComparer.Ordinal);
        if (cache.TryGetValue(text, out var known)) return known;
        if (cache.Count >= ValidateCacheSize) cache.Clear();
        return cache[text] = ValidateUncached(text);
    }

    private const int ValidateCacheSize = 4096;

    [ThreadStatic] private static Dictionary<string, string?>? t_validated;

    private static string? ValidateUncached(string text)
    {
        if (Templates.IsTemplated(text)) return null;
        if (text.Length == 0) return "the reference is empty";
        if (text.Any(char.IsWhiteSpace)) return "it contains white space";
        if (HexIdentifier().IsMatch(text)) return "a 64-character hexadecimal string is an image ID, not a repository name";
        var (domainLength, remainder) = SplitDomain(text);
        int tagColon = remainder.IndexOf(':');
        var remoteName = tagColon >= 0 ? remainder[..tagColon] : remainder;
        if (!string.Equals(remoteName, remoteName.ToLowerInvariant(), StringComparison.Ordinal))
        {
            int at = remoteName.IndexOf('@');
            return $"the repository name '{(at >= 0 ? remoteName[..at] : remoteName)}' has upper-case letters; repository names must be lower case";
        }
        string? digest = null;
        int digestAt = remainder.IndexOf('@');
        var beforeDigest = remainder;
        if (digestAt >= 0)
        {
            digest = remainder[(digestAt + 1)..];
            beforeDigest = remainder[..digestAt];
        }
        string? tag = null;
        var path = beforeDigest;
        int colon = beforeDigest.LastIndexOf(':');
        if (colon >= 0 && colon > beforeDigest.LastIndexOf('/'))
        {
            tag = beforeDigest[(colon + 1)..];
            path = beforeDigest[..colon];
        }
        if (domainLength > 0 && !Domain().IsMatch(text[..(domainLength - 1)]))
            return $"'{text[..(domainLength - 1)]}' is not a valid registry host";
        if (path.Length == 0) return "the repository name is empty";
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0) return $"the repository path '{path}' has an empty part";
            if (!PathComponent().IsMatch(part))
                return $"'{part}' is not a valid repository name part (lower-case letters and digits, joined by single '.', '_', '__' or '-' runs)";
        }
        if (domainLength + path.Length > 255) return "the name is longer than 255 characters";
        if (tag is not null)
        {
            if (tag.Length == 0) return "the tag after ':' is empty";
            if (!TagPattern().IsMatch(tag))
                return $"'{tag}' is not a valid tag (up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-')";
        }
        if (digest is not null)
        {
            if (!DigestPattern().IsMatch(digest)) return $"'{digest}' is not a valid digest (algorithm:hex)";
            var algorithm = digest[..digest.IndexOf(':')];
            int hex = digest.Length - algorithm.Length - 1;
            int? expected = algorithm switch { "sha256" => 64, "sha384" => 96, "sha512" => 128, _ => null };
            if (expected is null) return $"'{algorithm}' is not a supported digest algorithm";
            if (hex != expected) return $"a {algorithm} digest has {expected} hexadecimal digits, not {hex}";
        }
        return null;
    }

    /// <summary>The runtime's split of a reference into registry host and the rest: (length of "host/" or 0, rest).</summary>
    private static (int DomainLength, string Remainder) SplitDomain(string text)
    {
        int slash = text.IndexOf('/');
        if (slash < 0) return (0, text);
        var first = text[..slash];
        bool host = first.Contains('.') || first.Contains(':') || first == "localhost"
            || !string.Equals(first, first.ToLowerInvariant(), StringComparison.Ordinal);
        return host ? (slash + 1, text[(slash + 1)..]) : (0, text);
    }

    [GeneratedRegex("^[a-f0-9]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex HexIdentifier();

    [GeneratedRegex(@"^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Domain();

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathComponent();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestPattern();

    /// <summary>Parses a literal image string; null for empty strings or anything with spaces or templates.</summary>
    public static ImageReference? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Every image rule parses the images of every call, and images repeat across a repository: the (immutable)
        // results of this thread are kept like Validate's answers.
        var cache = t_parsed ??= new Dictionary<string, ImageReference?>(StringComparer.Ordinal);
        if (cache.TryGetValue(text, out var known)) return known;
        if (cache.Count >= ValidateCacheSize) cache.Clear();
        return cache[text] = TryParseUncached(text);
    }

    [ThreadStatic] private static Dictionary<string, ImageReference?>? t_parsed;

    private static ImageReference? TryParseUncached(string text)
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
