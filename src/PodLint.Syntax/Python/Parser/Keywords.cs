namespace PodLint.Syntax.Python.Parsing;

/// <summary>Python 3.13 keywords; the last four are soft keywords (names except where the grammar says otherwise).</summary>
internal enum Keyword : byte
{
    None,
    False, NoneKw, True, And, As, Assert, Async, Await, Break, Class, Continue, Def, Del, Elif, Else, Except,
    Finally, For, From, Global, If, Import, In, Is, Lambda, Nonlocal, Not, Or, Pass, Raise, Return, Try,
    While, With, Yield,
    // soft keywords
    Match, Case, Type, Underscore,
}

internal static class Keywords
{
    /// <summary>The keyword <paramref name="name"/> spells, or <see cref="Keyword.None"/>. A switch over the spellings
    /// (the compiler dispatches on length and characters) costs less than hashing every identifier of a file.</summary>
    public static Keyword Classify(ReadOnlySpan<char> name) => name switch
    {
        "False" => Keyword.False, "None" => Keyword.NoneKw, "True" => Keyword.True, "and" => Keyword.And,
        "as" => Keyword.As, "assert" => Keyword.Assert, "async" => Keyword.Async, "await" => Keyword.Await,
        "break" => Keyword.Break, "class" => Keyword.Class, "continue" => Keyword.Continue,
        "def" => Keyword.Def, "del" => Keyword.Del, "elif" => Keyword.Elif, "else" => Keyword.Else,
        "except" => Keyword.Except, "finally" => Keyword.Finally, "for" => Keyword.For,
        "from" => Keyword.From, "global" => Keyword.Global, "if" => Keyword.If, "import" => Keyword.Import,
        "in" => Keyword.In, "is" => Keyword.Is, "lambda" => Keyword.Lambda, "nonlocal" => Keyword.Nonlocal,
        "not" => Keyword.Not, "or" => Keyword.Or, "pass" => Keyword.Pass, "raise" => Keyword.Raise,
        "return" => Keyword.Return, "try" => Keyword.Try, "while" => Keyword.While, "with" => Keyword.With,
        "yield" => Keyword.Yield,
        "match" => Keyword.Match, "case" => Keyword.Case, "type" => Keyword.Type, "_" => Keyword.Underscore,
        _ => Keyword.None,
    };

    public static bool IsHard(Keyword kw) => kw is not (Keyword.None or Keyword.Match or Keyword.Case or Keyword.Type or Keyword.Underscore);
}
