using System.Text;
using PodLint.Rules.Support;

namespace PodLint.Rules.Fixes.Overrides;

/// <summary>
/// Writes the sidecar override into the local-settings string of a Helm values file: the official chart's
/// top-level <c>airflowLocalSettings</c>, or the community chart's <c>airflow.localSettings.stringOverride</c>
/// (files with a top-level <c>airflow:</c> mapping). Both strings go through Helm's <c>tpl</c>, so every
/// <c>{{</c> of the block is escaped. The rest of the file stays byte for byte: the block is appended to an
/// existing literal block scalar (<c>|</c>, <c>|-</c>, <c>|+</c>), replaces the block an earlier run wrote, or
/// comes with a new key. Quoted or folded strings, flow mappings, aliases and multi-document files are refused.
/// </summary>
public static class HelmLocalSettingsPatcher
{
    private const string OfficialKey = "airflowLocalSettings";

    public static OverrideResult Patch(SidecarOverridePlan plan, byte[] existing)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(existing);
        var yaml = YamlReader.Read(existing);
        if (yaml.Text is not { } source) return OverrideResult.Refuse(yaml.Error?.Message ?? "the file cannot be read");
        if (yaml.Error is { } err) return OverrideResult.Refuse($"the values file does not parse (line {err.Range.Lineno}: {err.Message})");
        if (yaml.Documents.Count > 1) return OverrideResult.Refuse("the values file holds several YAML documents; PodLint does not know which one Helm uses");
        string text = source.Text;
        string lb = source.LineBreak;
        var root = yaml.Documents.Count == 0 ? null : yaml.Documents[0].Root;
        string? newText;
        string? error;
        var notes = new List<string>();
        if (root is null || (root is YamlScalar { IsNull: true }))
        {
            newText = AppendTopLevel(text, lb, OfficialKey, plan, notes, out error);
        }
        else if (root is not YamlMapping { IsFlow: false } map)
        {
            return OverrideResult.Refuse("the values file's top level is not a block mapping");
        }
        else if (map["airflow"] is YamlMapping airflow)
        {
            newText = PatchCommunity(text, lb, source, airflow, plan, notes, out error);
        }
        else
        {
            newText = map.GetEntry(OfficialKey) is { } entry
                ? PatchEntry(text, lb, source, entry, OfficialKey, plan, notes, out error)
                : AppendTopLevel(text, lb, OfficialKey, plan, notes, out error);
        }
        if (newText is null) return OverrideResult.Refuse(error!);
        if (newText == text) return new OverrideResult(existing, false, null, notes);
        var bytes = source.Encode(newText);
        var again = YamlReader.Read(bytes);
        if (again.Error is not null || again.Documents.Count != Math.Max(1, yaml.Documents.Count))
            return OverrideResult.Refuse($"internal error: the patched values file would not parse ({again.Error?.Message}); nothing written");
        return new OverrideResult(bytes, true, null, notes);
    }

    private static string? PatchCommunity(string text, string lb, Syntax.Text.SourceText source, YamlMapping airflow, SidecarOverridePlan plan, List<string> notes, out string? error)
    {
        error = null;
        if (airflow.IsFlow)
        {
            error = "airflow: is a flow mapping ({...}); write airflow.localSettings.stringOverride by hand";
            return null;
        }
        var localSettings = airflow.GetEntry("localSettings");
        if (localSettings?.Value.Resolve() is YamlMapping ls)
        {
            if (ls["existingSecret"] is YamlScalar { IsNull: false, Value.Length: > 0 } secret)
            {
                error = $"airflow.localSettings.existingSecret is set ('{secret.Value}'), which disables stringOverride; put the block into that secret's airflow_local_settings.py instead (podlint local-settings --output FILE)";
                return null;
            }
            if (ls.GetEntry("stringOverride") is { } so) return PatchEntry(text, lb, source, so, "airflow.localSettings.stringOverride", plan, notes, out error);
            if (ls.IsFlow || localSettings.Value is YamlAlias)
            {
                error = "airflow.localSettings is a flow mapping or an alias; write stringOverride by hand";
                return null;
            }
            return InsertIntoMapping(text, lb, source, ls, ["stringOverride"], plan, notes, out error);
        }
        if (localSettings is not null && localSettings.Value.Resolve() is not YamlScalar { IsNull: true })
        {
            error = "airflow.localSettings is not a mapping";
            return null;
        }
        if (localSettings is not null)
        {
            error = "airflow.localSettings is null; replace it by a mapping or remove it, then run again";
            return null;
        }
        return InsertIntoMapping(text, lb, source, airflow, ["localSettings", "stringOverride"], plan, notes, out error);
    }

    /// <summary>The block lines, tpl-escaped, each prefixed by <paramref name="indent"/> (blank lines stay empty).</summary>
    private static string Indented(string block, string indent, string lb) =>
        string.Join(lb, SidecarOverridePlan.EscapeForTpl(block).Split('\n').Select(l => l.Length == 0 ? "" : indent + l));

    private static string NewBlock(SidecarOverridePlan plan, List<string> notes, out string? error)
    {
        error = null;
        var empty = PythonParser.Parse("");
        var patch = LocalSettingsPatcher.Plan(plan, "", empty.Module!, out error);
        if (patch is not null) notes.AddRange(patch.Notes);
        return patch?.Block ?? "";
    }

    private static string? AppendTopLevel(string text, string lb, string key, SidecarOverridePlan plan, List<string> notes, out string? error)
    {
        string block = NewBlock(plan, notes, out error);
        if (error is not null) return null;
        string sep = text.Length == 0 || text.EndsWith('\n') || text.EndsWith('\r') ? "" : lb;
        return text + sep + key + ": |-" + lb + Indented(block, "  ", lb) + lb;
    }

    private static string? InsertIntoMapping(string text, string lb, Syntax.Text.SourceText source, YamlMapping mapping, string[] keys, SidecarOverridePlan plan, List<string> notes, out string? error)
    {
        error = null;
        if (mapping.Entries.Count == 0)
        {
            error = $"cannot add {string.Join('.', keys)} to an empty mapping; write the key by hand";
            return null;
        }
        string block = NewBlock(plan, notes, out error);
        if (error is not null) return null;
        int keyColumn = mapping.Entries[0].KeyRange.Start - SourceEdits.LineStartOf(text, mapping.Entries[0].KeyRange.Start);
        if (!IsBlankPrefix(text, mapping.Entries[0].KeyRange.Start))
        {
            error = "the mapping's first key does not start its line; write the key by hand";
            return null;
        }
        int p = mapping.Range.End;
        while (p > 0 && text[p - 1] is '\r' or '\n') p--;
        int at = SourceEdits.LineEndOf(text, p);
        var sb = new StringBuilder();
        string indent = new(' ', keyColumn);
        for (int i = 0; i < keys.Length; i++)
        {
            sb.Append(lb).Append(indent).Append(' ', 2 * i).Append(keys[i]).Append(':');
            if (i == keys.Length - 1) sb.Append(" |-");
        }
        string inner = indent + new string(' ', 2 * keys.Length);
        sb.Append(lb).Append(Indented(block, inner, lb));
        return text.Insert(at, sb.ToString());
    }

    private static bool IsBlankPrefix(string text, int offset)
    {
        for (int i = SourceEdits.LineStartOf(text, offset); i < offset; i++) if (text[i] != ' ') return false;
        return true;
    }

    private static string? PatchEntry(string text, string lb, Syntax.Text.SourceText source, YamlEntry entry, string display, SidecarOverridePlan plan, List<string> notes, out string? error)
    {
        error = null;
        if (entry.Value is YamlAlias || entry.Value.Anchor is not null)
        {
            error = $"{display} is an alias or carries an anchor; edit it by hand";
            return null;
        }
        if (entry.Value is not YamlScalar scalar)
        {
            error = $"{display} is not a string";
            return null;
        }
        int keyStart = entry.KeyRange.Start;
        int keyColumn = keyStart - SourceEdits.LineStartOf(text, keyStart);
        if (scalar.IsNull || (scalar.Style is YamlScalarStyle.Plain or YamlScalarStyle.SingleQuoted or YamlScalarStyle.DoubleQuoted && scalar.Value.Length == 0))
        {
            // `key: ~`, `key:`, `key: ""`: the value becomes a literal block.
            string block = NewBlock(plan, notes, out error);
            if (error is not null) return null;
            int keyLineEnd = SourceEdits.LineEndOf(text, entry.KeyRange.End);
            int colon = text.IndexOf(':', entry.KeyRange.End);
            if (colon < 0 || colon >= keyLineEnd)
            {
                error = $"{display}: cannot find the key's ':'";
                return null;
            }
            string content = lb + Indented(block, new string(' ', keyColumn + 2), lb);
            if (scalar.Range.Length > 0)
            {
                if (SourceEdits.LineEndOf(text, scalar.Range.Start) != keyLineEnd)
                {
                    error = $"{display}: the empty value is not on the key's line";
                    return null;
                }
                return text[..scalar.Range.Start] + "|-" + text[scalar.Range.End..keyLineEnd] + content + text[keyLineEnd..];
            }
            return text[..(colon + 1)] + " |-" + text[(colon + 1)..keyLineEnd] + content + text[keyLineEnd..];
        }
        if (scalar.Style != YamlScalarStyle.Literal)
        {
            error = $"{display} is a {scalar.Style switch { YamlScalarStyle.Folded => "folded (>)", YamlScalarStyle.Plain => "plain", _ => "quoted" }} string; PodLint only extends literal blocks ('|'). Rewrite it as `{display.Split('.')[^1]}: |` and run again";
            return null;
        }
        // The block's lines in the file: after the header line, up to the last line indented at least as deep as the first.
        int headerLine = source.LineOf(scalar.Range.Start);
        int blockIndent = -1, lastContent = -1;
        for (int line = headerLine + 1; line <= source.LineCount; line++)
        {
            string lt = source.LineText(line).TrimEnd('\r', '\n');
            if (lt.Trim().Length == 0) continue;
            int n = 0;
            while (n < lt.Length && lt[n] == ' ') n++;
            if (blockIndent < 0)
            {
                if (n <= keyColumn) break;
                blockIndent = n;
            }
            if (n < blockIndent) break;
            lastContent = line;
        }
        if (blockIndent < 0)
        {
            error = $"{display} is an empty block; write the value as `~` and run again";
            return null;
        }
        var masked = Templates.MaskDirectiveLines(scalar.Value);
        var parse = PythonParser.Parse(masked);
        if (parse.Module is null)
        {
            error = $"the Python in {display} does not parse (line {parse.Error?.Lineno} of the string: {parse.Error?.Message}); fix it first";
            return null;
        }
        var patch = LocalSettingsPatcher.Plan(plan, masked, parse.Module, out error);
        if (patch is null) return null;
        notes.AddRange(patch.Notes);
        string indent = new(' ', blockIndent);
        int contentStart = source.LineStart(headerLine + 1);
        int contentEnd = SourceEdits.LineEndOf(text, source.LineStart(lastContent));
        if (patch.Replace)
        {
            int begin = LocalSettingsPatcher.FindMarkerLine(text, SidecarOverridePlan.BeginMarker, contentStart);
            int end = begin < 0 ? -1 : LocalSettingsPatcher.FindMarkerLine(text, SidecarOverridePlan.EndMarker, begin);
            if (begin < 0 || end < 0 || end > contentEnd)
            {
                error = $"cannot locate the PodLint block of {display} in the file";
                return null;
            }
            int endLineEnd = SourceEdits.LineEndOf(text, end);
            return string.Concat(text.AsSpan(0, begin), Indented(patch.Block, indent, lb), text.AsSpan(endLineEnd));
        }
        return text.Insert(contentEnd, lb + lb + Indented(patch.Block, indent, lb));
    }
}
