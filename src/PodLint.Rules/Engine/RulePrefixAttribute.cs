namespace PodLint.Rules.Engine;

/// <summary>
/// Declares the code prefix of the custom rules in a policy file: <c>[assembly: RulePrefix("ACME")]</c>.
/// Every rule in the file then has a code made of the prefix and three digits (<c>ACME001</c>). A prefix is
/// two to eight capital letters and may not start with <c>POD</c>, which belongs to the built-in rules.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class RulePrefixAttribute(string prefix) : System.Attribute
{
    public string Prefix { get; } = prefix;

    /// <summary>Why <paramref name="prefix"/> cannot be a custom rule prefix, or null when it can.</summary>
    public static string? Problem(string prefix)
    {
        if (prefix.Length is < 2 or > 8 || prefix.Any(c => c is < 'A' or > 'Z') || prefix == "ALL")
            return $"rule prefix '{prefix}' must be two to eight capital letters A-Z (and not ALL)";
        if (prefix.StartsWith("POD", StringComparison.Ordinal))
            return $"rule prefix '{prefix}' clashes with the built-in rules (POD...): choose another";
        return null;
    }
}
