using System.Globalization;
using System.Text;
using System.Xml;

namespace PodLint.Cli.Output;

/// <summary>
/// JUnit XML: a <c>testsuites</c> root, one <c>testsuite</c> per checked file (named by its path), one
/// failing <c>testcase</c> per finding, and a single passing <c>testcase</c> for a file without findings.
/// A path that could not be checked is a suite with one <c>testcase</c> holding an <c>error</c>.
/// </summary>
public static class JUnit
{
    public static void Write(ReportInput input, Stream stdout)
    {
        var byPath = new SortedDictionary<string, List<Finding>>(StringComparer.Ordinal);
        foreach (var p in input.CheckedPaths) byPath.TryAdd(p, []);
        foreach (var f in input.Findings)
        {
            if (!byPath.TryGetValue(f.Path, out var list)) byPath[f.Path] = list = [];
            list.Add(f);
        }
        var errors = input.Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var path in errors.Keys) byPath.TryAdd(path, []);

        int tests = byPath.Sum(p => Math.Max(1, p.Value.Count + (errors.TryGetValue(p.Key, out var e) ? e.Count : 0)));
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  ", NewLineChars = "\n" };
        using (var xml = XmlWriter.Create(stdout, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", ToolInfo.Name);
            xml.WriteAttributeString("tests", Num(tests));
            xml.WriteAttributeString("failures", Num(input.Findings.Count));
            xml.WriteAttributeString("errors", Num(input.Errors.Count));
            foreach (var (path, findings) in byPath)
            {
                var pathErrors = errors.TryGetValue(path, out var pe) ? pe : [];
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", X(path));
                xml.WriteAttributeString("tests", Num(Math.Max(1, findings.Count + pathErrors.Count)));
                xml.WriteAttributeString("failures", Num(findings.Count));
                xml.WriteAttributeString("errors", Num(pathErrors.Count));
                foreach (var f in findings)
                {
                    xml.WriteStartElement("testcase");
                    xml.WriteAttributeString("name", X($"{f.Code} at {Num(f.Row)}:{Num(f.Column)}"));
                    xml.WriteAttributeString("classname", X(path));
                    xml.WriteAttributeString("file", X(path));
                    xml.WriteAttributeString("line", Num(f.Row));
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("type", X(f.Code));
                    xml.WriteAttributeString("message", X(f.Message));
                    xml.WriteString(X($"{path}:{Num(f.Row)}:{Num(f.Column)}: {f.Code} {f.Message}"));
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }
                foreach (var e in pathErrors)
                {
                    xml.WriteStartElement("testcase");
                    xml.WriteAttributeString("name", "checked");
                    xml.WriteAttributeString("classname", X(path));
                    xml.WriteAttributeString("file", X(path));
                    xml.WriteStartElement("error");
                    xml.WriteAttributeString("message", X(e.Message));
                    xml.WriteString(X($"{path}: {e.Message}"));
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }
                if (findings.Count == 0 && pathErrors.Count == 0)
                {
                    xml.WriteStartElement("testcase");
                    xml.WriteAttributeString("name", "no findings");
                    xml.WriteAttributeString("classname", X(path));
                    xml.WriteAttributeString("file", X(path));
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        stdout.Write("\n"u8);
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Text XML 1.0 can hold: a control character from a file name or a message would make the writer throw.</summary>
    private static string X(string s) => DisplayText.ForXml(s);
}
