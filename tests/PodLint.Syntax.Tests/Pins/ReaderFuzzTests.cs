using PodLint.Syntax.Ini;
using PodLint.Syntax.Pins;
using PodLint.Syntax.Yaml;

namespace PodLint.Syntax.Tests.Pins;

/// <summary>Every reader on random and mutated input: never throws, spans stay inside the text.</summary>
public class ReaderFuzzTests
{
    private const string Seed = "a: &x [1, {b: \"c\"}]\n[core]\nk = v\n  cont\nfoo[bar]==1.0 ; x\nFROM apache/airflow:${V}\nRUN pip install 'q==1'\n{{ x }}\n- *x\n";

    [Fact]
    public void NeverThrows()
    {
        var rng = new Random(1234);
        const string alphabet = "ab:-[]{}&*!|>'\"#=;\\\n \t$%{}.,@é😀";
        for (int n = 0; n < 1500; n++)
        {
            var chars = Seed.ToCharArray().ToList();
            int edits = rng.Next(1, 12);
            for (int e = 0; e < edits; e++)
            {
                int at = rng.Next(chars.Count + 1);
                if (rng.Next(2) == 0 && chars.Count > 0 && at < chars.Count) chars.RemoveAt(at);
                else chars.Insert(at, alphabet[rng.Next(alphabet.Length)]);
            }
            string s = new(chars.ToArray());
            var y = YamlReader.Read(s);
            foreach (var d in y.Documents)
                foreach (var v in d.Walk())
                    Assert.InRange(v.Node.Range.End, v.Node.Range.Start, s.Length);
            var i = IniReader.Read(s);
            foreach (var (_, o) in i.AllOptions()) Assert.InRange(o.Range.End, o.Range.Start, s.Length);
            foreach (var p in RequirementsReader.Read(s).Pins) Assert.InRange(p.Range.End, p.Range.Start, s.Length);
            foreach (var p in DockerfileReader.Read(s).Pins) Assert.InRange(p.Range.End, p.Range.Start, s.Length);
            foreach (var p in PyprojectReader.Read(s).Pins) Assert.InRange(p.Range.End, p.Range.Start, s.Length);
        }
    }
}
