namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>Runs a command-line command in process and captures what it prints (callers are [NonParallelizable]: the console is global).</summary>
public static class ConsoleCapture
{
    public static async Task<(int Code, string Output)> RunAsync(Func<Task<int>> command)
    {
        var previous = (Console.Out, Console.Error);
        using var output = new StringWriter();
        Console.SetOut(output);
        Console.SetError(output);
        try
        {
            var code = await command();
            return (code, output.ToString());
        }
        finally
        {
            Console.SetOut(previous.Out);
            Console.SetError(previous.Error);
        }
    }
}
