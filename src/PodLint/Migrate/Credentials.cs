using System.Text;

namespace PodLint.Cli.Migrate;

/// <summary>
/// Removes credentials from URLs before they reach a report or a log: <c>https://user:token@host/org/repo</c>
/// becomes <c>https://host/org/repo</c>. A repos file may list clone URLs, and git's error messages quote
/// them; neither belongs in a summary a whole organisation reads.
/// </summary>
public static class Credentials
{
    /// <summary>
    /// <paramref name="text"/> with the user-information part (<c>user:secret@</c>, <c>token@</c>) of every
    /// <c>scheme://</c> (or, as <c>Path.GetFullPath</c> leaves it, <c>scheme:/</c>) URL removed. Linear time.
    /// </summary>
    public static string Strip(string text)
    {
        StringBuilder? sb = null;
        int copied = 0;
        for (int colon = text.IndexOf(":/", StringComparison.Ordinal); colon > 0; colon = text.IndexOf(":/", colon + 1, StringComparison.Ordinal))
        {
            // The scheme: a letter, then letters, digits, '+', '-', '.'; at least two characters (not a drive letter).
            int schemeStart = colon;
            while (schemeStart > 0 && IsSchemeChar(text[schemeStart - 1])) schemeStart--;
            while (schemeStart < colon && !char.IsAsciiLetter(text[schemeStart])) schemeStart++;
            if (colon - schemeStart < 2) continue;
            int authority = colon + 1;
            while (authority < text.Length && text[authority] == '/' && authority - colon <= 2) authority++;
            int end = authority;
            int at = -1;
            while (end < text.Length && !IsAuthorityEnd(text[end]))
            {
                if (text[end] == '@') at = end;
                end++;
            }
            if (at < 0 || at < copied) continue;
            sb ??= new StringBuilder(text.Length);
            sb.Append(text, copied, authority - copied);
            copied = at + 1;
            colon = at;
        }
        if (sb is null) return text;
        sb.Append(text, copied, text.Length - copied);
        return sb.ToString();
    }

    private static bool IsSchemeChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.';

    private static bool IsAuthorityEnd(char c) => c is '/' or '?' or '#' or '\\' or '"' or '\'' or '`' or '<' or '>' or '|' || char.IsWhiteSpace(c) || char.IsControl(c);
}
