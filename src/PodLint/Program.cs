namespace PodLint.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("podlint: no commands yet");
        return 2;
    }
}
