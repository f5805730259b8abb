using System.Diagnostics;

namespace SendGateway.ClusterTests.Infrastructure;

/// <summary>Runs a program to its end and returns its exit code and its output (standard output, then standard error).</summary>
public static class Processes
{
    public static async Task<(int Exit, string Output)> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = ClusterTopology.RepositoryRoot };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not end in time: {await output}{await error}");
        }

        return (process.ExitCode, await output + await error);
    }

    /// <summary>Runs it and fails the test unless it exits 0.</summary>
    public static async Task<string> CheckedAsync(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var (exit, output) = await RunAsync(file, args, environment, timeout);
        Assert.That(exit, Is.Zero, $"{file} {string.Join(' ', args)}: {output}");
        return output;
    }
}
