namespace PodLint.Rules.Support;

/// <summary>Text that a template engine renders later: Airflow's Jinja in DAG arguments, Helm's in values files.</summary>
public static class Templates
{
    /// <summary>A Jinja template Airflow renders at run time (<c>{{ ... }}</c> or <c>{% ... %}</c>).</summary>
    public static bool IsTemplated(string text) =>
        text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="text"/> with every line that is a lone Helm template directive (<c>{{- if ... }}</c>,
    /// <c>{{- end }}</c>) blanked, so the Python around them parses; line numbers and every other line stay as they were.
    /// </summary>
    public static string MaskDirectiveLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains("{{", StringComparison.Ordinal)) return text;
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string t = lines[i].Trim();
            if (t.StartsWith("{{", StringComparison.Ordinal) && t.EndsWith("}}", StringComparison.Ordinal)) lines[i] = "";
        }
        return string.Join('\n', lines);
    }
}
