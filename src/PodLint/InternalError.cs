using System.Reflection;
using System.Security.Cryptography;
using PodLint.Cli.Output;

namespace PodLint.Cli;

/// <summary>
/// What happens to an exception nothing else expected (a bug in podlint, or a policy or input it did not foresee):
/// one line on stderr, <c>podlint: internal error ID: TYPE: MESSAGE</c>, and exit code 2, never 1, which would read
/// as "findings were reported". The full trace goes to <c>$TMPDIR/podlint-ID.trace</c> (created new, mode 0600), or
/// to stderr after that line when <c>PODLINT_TRACE=1</c>. Exceptions on other threads (an unhandled one ends the
/// process; an unobserved task's is otherwise dropped) are reported the same way and make the exit code 2.
/// </summary>
public static class InternalError
{
    public const string TraceVariable = "PODLINT_TRACE";

    private static int s_background;

    /// <summary>Whether an exception on another thread was reported during this run (the exit code must be 2).</summary>
    public static bool BackgroundFailure => Volatile.Read(ref s_background) != 0;

    /// <summary>Reports <paramref name="exception"/> as above and returns the exit code, 2.</summary>
    public static int Report(Exception exception, TextWriter stderr)
    {
        var shown = Unwrap(exception);
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        string type = shown.GetType().FullName ?? shown.GetType().Name;
        string message = DisplayText.ForTerminal(shown.Message);
        string trace = exception.ToString();
        lock (stderr)
        {
            stderr.WriteLine($"podlint: internal error {id}: {type}: {message}");
            if (Environment.GetEnvironmentVariable(TraceVariable) == "1")
            {
                stderr.WriteLine(trace);
            }
            else
            {
                string where = SaveTrace(id, trace, out string? problem);
                stderr.WriteLine(problem is null
                    ? $"podlint: this is a bug in podlint; the full trace is in {where} ({TraceVariable}=1 prints it here instead)"
                    : $"podlint: this is a bug in podlint; the trace could not be saved ({problem}): run again with {TraceVariable}=1 to see it");
            }
            stderr.Flush();
        }
        return Program.ExitUsage;
    }

    /// <summary>
    /// Makes exceptions outside the main thread fail the run closed: an unhandled one is reported and ends the
    /// process with 2 (not the runtime's abort); an unobserved task's is reported and marks the run failed.
    /// </summary>
    public static void GuardBackgroundThreads(TextWriter stderr)
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            Interlocked.Exchange(ref s_background, 1);
            Report(e.ExceptionObject as Exception ?? new InvalidOperationException($"non-exception object thrown: {e.ExceptionObject}"), stderr);
            Environment.Exit(Program.ExitUsage);
        };
        TaskScheduler.UnobservedTaskException += (_, e) =>
        {
            e.SetObserved();
            Interlocked.Exchange(ref s_background, 1);
            Report(e.Exception, stderr);
        };
    }

    /// <summary>The exception worth naming: the only inner one of an aggregate or of a reflection call.</summary>
    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: 1 } a:
                    e = a.InnerExceptions[0];
                    continue;
                case TargetInvocationException { InnerException: { } inner }:
                    e = inner;
                    continue;
                case TypeInitializationException { InnerException: { } init }:
                    e = init;
                    continue;
                default:
                    return e;
            }
        }
    }

    /// <summary>Writes the trace to a new file in the temporary folder (never through an existing file or link).</summary>
    private static string SaveTrace(string id, string trace, out string? problem)
    {
        string path = Path.Combine(Path.GetTempPath(), $"podlint-{id}.trace");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.WriteLine($"podlint {typeof(InternalError).Assembly.GetName().Version} internal error {id}");
            writer.WriteLine(trace);
            problem = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problem = e.Message;
        }
        return path;
    }
}
