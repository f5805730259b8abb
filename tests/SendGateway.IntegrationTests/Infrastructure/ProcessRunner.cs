using System.Diagnostics;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>Runs a helper program to completion (initdb, pg_ctl) and fails loudly with its output.</summary>
internal static class ProcessRunner
{
    public static async Task RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken, bool asPostgres = false)
    {
        var (exit, output) = await CaptureAsync(fileName, arguments, cancellationToken, asPostgres);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{fileName} exited with {exit}: {output}");
        }
    }

    /// <summary>Runs a program to its end: its exit code and what it printed (standard output, then standard error).</summary>
    public static async Task<(int Exit, string Output)> CaptureAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken, bool asPostgres = false)
    {
        var start = new ProcessStartInfo(asPostgres && Environment.UserName == "root" ? "runuser" : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (start.FileName == "runuser")
        {
            foreach (var a in new[] { "-u", "postgres", "--", fileName })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output + await error);
    }

    public static string PostgresBin(string tool)
    {
        var dir = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).FirstOrDefault()
            : null;
        return dir is null ? tool : Path.Combine(dir, "bin", tool);
    }

    public static int FreePort(string address = "127.0.0.1")
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Parse(address), 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
