using System.Text.RegularExpressions;
using PodLint.Rules.Context;
using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD603: passwords, tokens, keys and credential-bearing URIs written in plain text.</summary>
public sealed partial class Pod603PlaintextSecret : Rule
{
    public const string Id = "POD603";

    /// <summary>Key names (lower case, without <c>_</c>/<c>-</c>) whose value is the secret itself.</summary>
    private static readonly string[] s_secretKeySuffixes =
        ["password", "passwd", "fernetkey", "secretkey", "apikey", "clientsecret", "jwtsecret", "secretaccesskey", "token", "privatekey"];

    private static readonly HashSet<string> s_secretKeys = new(StringComparer.Ordinal) { "pass", "pwd", "secret" };

    private static readonly HashSet<string> s_placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        "changeme", "change-me", "change_me", "changeit", "replaceme", "replace-me", "replace_me", "password", "secret", "token",
        "todo", "tbd", "none", "null", "redacted", "example", "dummy", "placeholder", "your-password", "your_password",
        "yourpassword", "mypassword", "my-password", "secretkey", "fernetkey", "true", "false", "yes", "no",
    };

    public override RuleMetadata Metadata { get; } = new(
        Id, "plaintext-secret", RuleFamily.Deployment, Severity.Error,
        "A password, token, key or credential-bearing connection URI is written in plain text",
        "all versions", FixAvailability.None,
        """
        ### What it flags
        Secrets written as literal values in Helm values files, `airflow.cfg` and pod templates:
        - a value under a key that names a secret: `password`, `pass`, `fernetKey` / `fernet_key`,
          `secret_key` / `webserverSecretKey`, `*_token`, `api_key`, `client_secret`,
          `AWS_SECRET_ACCESS_KEY`, ... (also as `{name, value}` environment entries such as
          `AIRFLOW__CORE__FERNET_KEY`);
        - a connection URI carrying a password, `scheme://user:password@host` (`sql_alchemy_conn`,
          `result_backend`, `AIRFLOW_CONN_*`, any key);
        - an inline private key (`-----BEGIN ... PRIVATE KEY-----`), e.g. `dags.gitSync.sshKey`.

        Not flagged: empty and null values, templated values (`{{ ... }}`), `${VAR}` / `$VAR` references,
        configparser interpolation (`%(x)s`), obvious placeholders (`changeme`, `<password>`, `xxxx`,
        `****`), booleans, keys that name a Secret rather than hold one (`secretName`, `existingSecret`,
        `credentialsSecret`), and keys that name an entry inside a Secret. The finding points at the value
        and never repeats it.

        Both Airflow charts document the second kind the same way: the community chart describes
        `sshSecretKey` as "the key in `dags.gitSync.sshSecret` with your ssh-key file" (default `id_rsa`),
        `existingSecretKey`, `userSecretKey` and `passwordSecretKey` as "the key within `<...>.existingSecret`
        / `userSecret` / `passwordSecret` containing ...", and the official chart's
        `pgbouncer.metricsExporterSidecar.statsSecretKey` as the key holding the connection URI in the Secret
        named by `statsSecretName`. Such a key always sits next to the key naming the Secret and starts with
        its stem: `<stem>Secret` or `<stem>SecretName` beside `<stem>Secret...Key`. PodLint reads that shape,
        not a list of names: a key ending in `Key` whose mapping also holds `<its stem>Secret` or
        `<its stem>SecretName` names an entry of that Secret and is never reported. A camelCase key ending in
        `SecretKey` without such a neighbour (`webserverSecretKey` holds Flask's secret key; `sshSecretKey` may
        be set alone) is reported only when its value looks like a credential rather than like a key of a
        Secret: a value Kubernetes would not accept as a Secret key (spaces, `=`, `!`, `/`, `+`, more than
        253 characters), a part of 24 characters or more without separators, or letters and digits mixed like
        a generated or "l33t" string (`a3f9c1d2...`, `s3cr3t`, `abcdefghijklmnop1234`). `id_rsa`, `postgresql-password`, `client.key` and
        `AIRFLOW__CORE__FERNET_KEY` are keys, not credentials.

        ### Why it breaks
        Values files and `airflow.cfg` end up in Git, CI logs, Helm release Secrets readable by anyone with
        access to the release, and ConfigMaps (the official chart renders `config:` into a ConfigMap). A leaked
        `fernet_key` decrypts every stored connection and variable; a leaked `secret_key` lets anyone sign
        session cookies or API tokens.

        ### Example
        ```yaml
        fernetKey: 7T512UXSSmBOkpWimFHIVb8jK6lfmSAvx4mO6Arehnc=
        data:
          metadataConnection:
            pass: s3cr3t-Pa55
        ```

        ### Fix
        Keep the value in a Kubernetes Secret (or a secrets manager) and reference it: the chart's
        `*SecretName` / `existingSecret` values, `env[].valueFrom.secretKeyRef` in pod specs, or a secrets
        backend for Airflow connections. Then rotate the secret: it has already been exposed.
        """);


    public override FileKinds Kinds => FileKinds.ConfigFiles;

    public override void Check(RuleContext context)
    {
        if (context.Ini is { } ini)
        {
            foreach (var (_, option) in ini.AllOptions())
            {
                if (option.Value is { } value && option.ValueRange is { } range)
                    Check(context, option.Key, value, range, $"{option.Key}");
            }
            return;
        }
        foreach (var doc in context.Documents)
        {
            // Entries that name a key inside a sibling Secret (found when their mapping is visited, before them).
            var secretEntries = new HashSet<YamlEntry>(ReferenceEqualityComparer.Instance);
            foreach (var visit in doc.Walk())
            {
                if (visit.Alias is not null) continue;
                if (visit.Node is YamlMapping mapping) MarkSecretEntryKeys(mapping, secretEntries);
                if (visit.Node is YamlMapping m && m["name"] is YamlScalar name && m.GetEntry("value")?.Value is YamlScalar envValue)
                {
                    Check(context, name.Value, envValue.Value, envValue.Range, name.Value, envValue);
                }
                else if (visit.Node is YamlScalar scalar && !scalar.IsNull)
                {
                    string key = visit.Entry?.KeyText ?? "";
                    if (key == "value" && visit.Path.Count >= 1) continue; // env entries are checked with their name
                    bool entryOfSecret = visit.Entry is { } entry && secretEntries.Contains(entry);
                    Check(context, key, scalar.Value, scalar.Range, visit.Path.ToString(), scalar, entryOfSecret);
                }
            }
        }
    }

    /// <summary>
    /// Adds to <paramref name="found"/> the entries of <paramref name="mapping"/> whose key names an entry inside a
    /// Secret that a sibling key names: <c>sshSecretKey</c> beside <c>sshSecret</c>, <c>existingSecretPasswordKey</c>
    /// beside <c>existingSecret</c>, <c>statsSecretKey</c> beside <c>statsSecretName</c> (see the documentation).
    /// </summary>
    private static void MarkSecretEntryKeys(YamlMapping mapping, HashSet<YamlEntry> found)
    {
        List<string[]>? stems = null;
        foreach (var entry in mapping.Entries)
        {
            if (entry.KeyText is not { } sibling) continue;
            var words = Words(sibling);
            if (words.Length > 0 && words[^1] == "name") words = words[..^1];
            if (words.Length == 0 || words[^1] != "secret") continue;
            (stems ??= []).Add(words);
        }
        if (stems is null) return;
        foreach (var entry in mapping.Entries)
        {
            if (entry.KeyText is not { } key) continue;
            var words = Words(key);
            if (words.Length < 2 || words[^1] != "key") continue;
            foreach (var stem in stems)
            {
                if (words.Length > stem.Length && words.AsSpan(0, stem.Length).SequenceEqual(stem))
                {
                    found.Add(entry);
                    break;
                }
            }
        }
    }

    /// <summary>The lower-case words of a camelCase, snake_case or kebab-case key: <c>existingSecretKey</c> → existing, secret, key.</summary>
    private static string[] Words(string key)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        for (int i = 0; i < key.Length; i++)
        {
            char c = key[i];
            if (c is '_' or '-' or '.' or ' ')
            {
                Flush();
                continue;
            }
            // A new word starts at an upper-case letter after a lower-case letter or digit (webserverSecretKey),
            // or at the last capital of a run followed by a lower-case letter (URLSecretKey → url, secret, key).
            if (char.IsUpper(c) && current.Length > 0
                && (!char.IsUpper(key[i - 1]) || (i + 1 < key.Length && char.IsLower(key[i + 1]))))
                Flush();
            current.Append(char.ToLowerInvariant(c));
        }
        Flush();
        return [.. words];

        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }
    }

    /// <summary>
    /// A camelCase key ending in <c>SecretKey</c> (<c>webserverSecretKey</c>, <c>sshSecretKey</c>, <c>secretKey</c>):
    /// the charts use the shape both for a secret value and for the name of a key inside a Secret.
    /// </summary>
    private static bool IsAmbiguousSecretKeyName(string key)
    {
        if (key.Contains('_') || key.Contains('-') || !key.Any(char.IsUpper)) return false;
        var words = Words(key);
        return words.Length >= 2 && words[^2] == "secret" && words[^1] == "key";
    }

    /// <summary>
    /// Whether a value under an ambiguous key looks like a credential rather than like the name of a key in a
    /// Secret (which Kubernetes limits to 253 characters of letters, digits, <c>-</c>, <c>_</c> and <c>.</c>).
    /// </summary>
    private static bool LooksLikeCredential(string value)
    {
        if (value.Length > 253) return true;
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) return true;
        }
        var segments = value.Split(['-', '_', '.'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var segment in segments)
        {
            if (segment.Length < 6) continue;
            // A digit followed later by a letter: generated tokens and "l33t" spellings, not words with a number at the end.
            int digit = segment.AsSpan().IndexOfAnyInRange('0', '9');
            if (digit >= 0 && segment.AsSpan(digit).IndexOfAny(Letters) >= 0) return true;
            // A long part carrying a run of digits ("abcdefghijklmnop1234"), or one too long to be a word.
            if (segment.Length >= 24 || (segment.Length >= 12 && segment.Count(char.IsAsciiDigit) >= 3)) return true;
        }
        return false;
    }

    private static readonly System.Buffers.SearchValues<char> Letters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private void Check(RuleContext context, string key, string value, SourceRange range, string where, YamlScalar? scalar = null, bool entryOfSecret = false)
    {
        if (scalar is { IsNull: true }) return;
        string trimmed = value.Trim();
        if (trimmed.Length == 0 || IsReference(trimmed)) return;
        if (PrivateKey().IsMatch(trimmed))
        {
            context.Report(range, $"{where} holds a private key in plain text");
            return;
        }
        if (UriWithPassword().Match(trimmed) is { Success: true } uri && !IsPlaceholder(uri.Groups["pw"].Value))
        {
            context.Report(range, $"{where} holds a connection URI with a plain-text password");
            return;
        }
        if (entryOfSecret || !NamesSecret(key) || IsPlaceholder(trimmed)) return;
        if (scalar is { Style: YamlScalarStyle.Plain } && (bool.TryParse(trimmed, out _) || trimmed is "~")) return;
        if (scalar is not null && IsAmbiguousSecretKeyName(key) && !LooksLikeCredential(trimmed)) return;
        context.Report(range, $"{where} is a secret written in plain text");
    }

    private static bool NamesSecret(string key)
    {
        if (key.Length == 0) return false;
        // AIRFLOW__SECTION__KEY names the option it sets.
        if (ConfigSetting.ParseEnvName(key) is var (_, option)) key = option;
        if (key.StartsWith("AIRFLOW_CONN_", StringComparison.Ordinal)) return false; // URIs are checked above
        string norm = key.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        if (s_secretKeys.Contains(norm)) return true;
        foreach (var suffix in s_secretKeySuffixes)
        {
            if (norm.EndsWith(suffix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static bool IsReference(string value) =>
        value.Contains("{{", StringComparison.Ordinal) || value.StartsWith('$') || value.Contains("%(", StringComparison.Ordinal);

    private static bool IsPlaceholder(string value) =>
        value.Length == 0 || s_placeholders.Contains(value) || Placeholder().IsMatch(value);

    [GeneratedRegex(@"^(<.*>|\[.*\]|(.)\2*|.*(your|example|changeme|replace).*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[a-z][a-z0-9+.\-]*://[^\s:/@]*:(?<pw>[^\s@/]+)@[^\s]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UriWithPassword();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKey();
}
