namespace PodLint.Rules.Engine;

/// <summary>
/// Declares the code prefix of the custom rules in a policy file: <c>[assembly: RulePrefix("ACME")]</c>.
/// Every rule in the file then has a code made of the prefix and three digits (<c>ACME001</c>). A prefix is
/// two to eight capital letters and may not start with <c>POD</c>, which belongs to the built-in rules.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class RulePrefixAttribute(string prefix) : Attribute
{
    public string Prefix { get; } = prefix;
}
