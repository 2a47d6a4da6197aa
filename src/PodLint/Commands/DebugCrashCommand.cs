using System.CommandLine;

namespace PodLint.Cli.Commands;

/// <summary>
/// <c>podlint debug crash [--on main|thread|task]</c> (hidden): throws on purpose, on the main thread, on a thread of
/// its own or in a task nobody observes, so that the tests (and anyone checking a CI wrapper) can see that an
/// unexpected exception anywhere ends the run with one line and exit code 2 (<see cref="InternalError"/>).
/// </summary>
public static class DebugCrashCommand
{
    public const string Message = "deliberate failure from 'podlint debug crash'";

    public static Command Create()
    {
        var on = new Option<string>("--on") { Description = "Where to throw: main, thread or task", DefaultValueFactory = _ => "main" };
        on.AcceptOnlyFromAmong("main", "thread", "task");
        var command = new Command("crash", "Throw an unexpected exception (to test how failures are reported)") { Hidden = true };
        command.Options.Add(on);
        command.SetAction(parse => Run(parse.GetValue(on) ?? "main"));
        return command;
    }

    private static int Run(string on)
    {
        switch (on)
        {
            case "thread":
                var thread = new Thread(() => throw new InvalidOperationException(Message + " (on a thread)"));
                thread.Start();
                thread.Join();
                return Program.ExitOk;
            case "task":
                Unobserved();
                // The task's exception is reported when the task is finalized: collect until it has been.
                for (int i = 0; i < 10 && !InternalError.BackgroundFailure; i++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
                return Program.ExitOk;
            default:
                throw new InvalidOperationException(Message + "\nwith a second line\u001b[31m");
        }
    }

    /// <summary>Starts a failing task and drops it unobserved (in its own frame, so nothing keeps it alive).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Unobserved()
    {
        var task = Task.Run(() => throw new InvalidOperationException(Message + " (in a task)"));
        ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
        SpinWait.SpinUntil(() => task.IsCompleted);
    }
}
