using System.Text.RegularExpressions;
using PodLint.Rules.Context;
using PodLint.Rules.Documents;
using PodLint.Rules.Engine;
using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Yaml;

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
        `****`), booleans, and keys that name a Secret rather than hold one (`secretName`,
        `existingSecret`, `credentialsSecret`, `passwordSecretKey`). The finding points at the value and never repeats it.

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
            foreach (var visit in doc.Walk())
            {
                if (visit.Alias is not null) continue;
                if (visit.Node is YamlMapping m && m["name"] is YamlScalar name && m.GetEntry("value")?.Value is YamlScalar envValue)
                {
                    Check(context, name.Value, envValue.Value, envValue.Range, name.Value, envValue);
                }
                else if (visit.Node is YamlScalar scalar && !scalar.IsNull)
                {
                    string key = visit.Entry?.KeyText ?? "";
                    if (key == "value" && visit.Path.Count >= 1) continue; // env entries are checked with their name
                    Check(context, key, scalar.Value, scalar.Range, visit.Path.ToString(), scalar);
                }
            }
        }
    }

    private void Check(RuleContext context, string key, string value, SourceRange range, string where, YamlScalar? scalar = null)
    {
        if (scalar is { IsNull: true }) return;
        string trimmed = value.Trim();
        if (trimmed.Length == 0 || IsReference(trimmed)) return;
        if (PrivateKey().IsMatch(trimmed))
        {
            context.Report(range, $"{where} holds a private key in plain text; mount it from a Kubernetes Secret instead");
            return;
        }
        if (UriWithPassword().Match(trimmed) is { Success: true } uri && !IsPlaceholder(uri.Groups["pw"].Value))
        {
            context.Report(range, $"{where} holds a connection URI with a plain-text password; reference a Kubernetes Secret or a secrets backend instead");
            return;
        }
        if (!NamesSecret(key) || IsPlaceholder(trimmed)) return;
        if (scalar is { Style: YamlScalarStyle.Plain } && (bool.TryParse(trimmed, out _) || trimmed is "~")) return;
        context.Report(range, $"{where} is a secret written in plain text; keep it in a Kubernetes Secret and reference it instead (and rotate it)");
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
            if (!norm.EndsWith(suffix, StringComparison.Ordinal)) continue;
            // passwordSecretKey, tokenSecretKey: the key inside a Secret that holds the value, not the value.
            string prefix = norm[..^suffix.Length];
            return !(prefix.Contains("password", StringComparison.Ordinal) || prefix.Contains("token", StringComparison.Ordinal) || prefix.Contains("secret", StringComparison.Ordinal));
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
