using System.Text;
using PodLint.Syntax.Text;

namespace PodLint.Syntax.Tests.Decoding;

/// <summary>PEP 263 decoding; expectations checked against CPython 3.13's compile(bytes).</summary>
public class SourceDecoderTests
{
    private static SourceDecodeResult D(string ascii, params byte[] tail) =>
        SourceText.Decode([.. Encoding.Latin1.GetBytes(ascii), .. tail]);

    [Fact]
    public void DefaultUtf8_AndBom()
    {
        var r = SourceText.Decode([0xEF, 0xBB, 0xBF, (byte)'x', 0xC3, 0xA9]);
        Assert.Equal(("xé", "utf-8", true), (r.Source!.Text, r.Source.EncodingName, r.Source.HasBom));
        Assert.Equal(("x", false), (D("x").Source!.Text, D("x").Source!.HasBom));
    }

    [Theory]
    [InlineData("# -*- coding: latin-1 -*-\n", "iso-8859-1")]
    [InlineData("# coding=iso-8859-1\n", "iso-8859-1")]
    [InlineData("# coding: iso-latin-1-unix\n", "iso-8859-1")]
    [InlineData("#!/usr/bin/python\n# vim: set fileencoding=latin1 :\n", "iso-8859-1")]
    [InlineData("\n# coding: cp1252\n", "cp1252")]
    [InlineData("# coding: koi8-r\n", "koi8-r")]
    [InlineData("# coding: euc-jp\n", "euc-jp")]
    [InlineData("# coding: UTF-8\n", "utf-8")]
    [InlineData("# coding: utf8\n", "utf-8")]
    [InlineData("x = 1\n# coding: latin-1\n", "utf-8")]      // line 2 only counts after a blank/comment line
    [InlineData("\n\n# coding: foo\n", "utf-8")]             // line 3 never counts
    public void Cookie(string head, string encoding)
    {
        var r = D(head + "x = 1\n");
        Assert.Null(r.Error);
        Assert.Equal(encoding, r.Source!.EncodingName);
    }

    [Fact]
    public void Latin1AndKoi8_Decode()
    {
        Assert.Equal("# coding: latin-1\nx = 'ÿ'\n", D("# coding: latin-1\nx = '", 0xFF, (byte)'\'', (byte)'\n').Source!.Text);
        Assert.Equal("# coding: koi8-r\nx = 'Ж'", D("# coding: koi8-r\nx = '", 0xF6, (byte)'\'').Source!.Text);
    }

    [Fact]
    public void Errors()
    {
        var unknown = D("# -*- coding: foo -*-\nx=1\n");
        Assert.Equal(("unknown encoding: foo", 1), (unknown.Error!.Message, unknown.Error.Lineno));
        var bom = SourceText.Decode([0xEF, 0xBB, 0xBF, .. "# coding: latin-1\nx=1\n"u8.ToArray()]);
        Assert.Equal("encoding problem: iso-8859-1 with BOM", bom.Error!.Message);
        var bom2 = SourceText.Decode([0xEF, 0xBB, 0xBF, .. "# coding: utf8\nx=1\n"u8.ToArray()]);
        Assert.Equal("encoding problem: utf8 with BOM", bom2.Error!.Message);
        var bad = D("x=1\ny=\"", 0xC3, (byte)'"', (byte)'\n');
        Assert.Null(bad.Source);
        Assert.Equal((2, 3), (bad.Error!.Lineno, bad.Error.ColOffset));
        var ascii = D("# coding: ascii\nx=1\ny=\"", 0xC3, 0xA9, (byte)'"');
        Assert.Equal(3, ascii.Error!.Lineno);
    }

    [SkippableFact]
    public void StdlibEncodedModules()
    {
        // CPython's own test modules in legacy encodings, from the oracle's standard library (PODLINT_STDLIB).
        string dir = Path.Combine(CPythonOracle.RequireStdlibOrSkip(), "test", "encoded_modules");
        Assert.True(Directory.Exists(dir), $"{dir} is missing from the standard library corpus");
        var latin = SourceText.Decode(File.ReadAllBytes(Path.Combine(dir, "module_iso_8859_1.py")));
        Assert.Equal("iso-8859-1", latin.Source!.EncodingName);
        var koi = SourceText.Decode(File.ReadAllBytes(Path.Combine(dir, "module_koi8_r.py")));
        Assert.Equal("koi8-r", koi.Source!.EncodingName);
    }
}
