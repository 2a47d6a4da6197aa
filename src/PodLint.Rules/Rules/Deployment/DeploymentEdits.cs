using PodLint.Rules.Context;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;

namespace PodLint.Rules.Rules;

/// <summary>Line-level edits on deployment files that the deployment rules' fixes share.</summary>
internal static class DeploymentEdits
{
    /// <summary>
    /// Removes the whole line(s) from <paramref name="start"/> to <paramref name="end"/>, with the line break: only
    /// when nothing but indentation precedes <paramref name="start"/> on its line and nothing but spaces or (in
    /// YAML) a comment follows <paramref name="end"/>. Comment lines above and below stay.
    /// </summary>
    public static TextEdit? RemoveLines(string text, int start, int end, bool yamlComment)
    {
        int lineStart = SourceEdits.LineStartOf(text, start);
        for (int i = lineStart; i < start; i++) if (text[i] is not (' ' or '\t')) return null;
        int lineEnd = SourceEdits.LineEndOf(text, end);
        var rest = text.AsSpan(end, lineEnd - end).Trim();
        if (rest.Length > 0 && !(yamlComment && rest[0] == '#')) return null;
        int breakEnd = lineEnd;
        if (breakEnd < text.Length && text[breakEnd] == '\r') breakEnd++;
        if (breakEnd < text.Length && text[breakEnd] == '\n') breakEnd++;
        return new TextEdit(lineStart, breakEnd, "");
    }

    /// <summary>
    /// The edit removing one option wherever it is written: an airflow.cfg option with its continuation lines, or a
    /// one-line YAML <c>key: value</c> entry (Helm <c>config:</c>, the community chart's <c>AIRFLOW__...</c> keys). Null
    /// for <c>- name:/value:</c> list entries and multi-line values.
    /// </summary>
    public static TextEdit? RemoveSetting(RuleContext context, ConfigSetting setting)
    {
        string text = context.Source.Text;
        if (context.Ini is { } ini)
        {
            foreach (var (_, option) in ini.AllOptions())
            {
                if (option.KeyRange.Start == setting.KeyRange.Start) return RemoveLines(text, option.Range.Start, option.Range.End, yamlComment: false);
            }
            return null;
        }
        if (setting.ValueRange is not { } value) return null;
        if (context.Source.LineOf(setting.KeyRange.Start) != context.Source.LineOf(value.End)) return null;
        // `key: value` with the key first on its line: not the `name:` of a list item (its "key" range is a value).
        int colon = SkipSpaces(text, setting.KeyRange.End);
        if (colon >= text.Length || text[colon] != ':') return null;
        return RemoveLines(text, setting.KeyRange.Start, value.End, yamlComment: true);
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && text[i] == ' ') i++;
        return i;
    }
}
