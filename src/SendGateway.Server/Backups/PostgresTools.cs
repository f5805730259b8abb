using System.Diagnostics;
using Npgsql;

namespace SendGateway.Server.Backups;

/// <summary>Runs PostgreSQL's client tools (<c>pg_dump</c>, <c>pg_restore</c>) against the configured database.</summary>
internal static class PostgresTools
{
    public static string Find(string tool)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        var versions = System.IO.Directory.Exists("/usr/lib/postgresql") ? System.IO.Directory.GetDirectories("/usr/lib/postgresql") : [];
        return versions.OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin", tool)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{tool} was not found (install postgresql-client).");
    }

    /// <summary>Runs <paramref name="tool"/> with the connection as a libpq string (password through PGPASSWORD); stdout to <paramref name="output"/>.</summary>
    public static async Task RunAsync(string tool, string connectionString, IEnumerable<string> arguments, Stream? output, CancellationToken cancellationToken)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Find(tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.ArgumentList.Add($"--dbname=host={cs.Host} port={cs.Port} user={cs.Username} dbname={cs.Database}");
        if (cs.Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        if (output is not null)
        {
            await process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        }
        else
        {
            await process.StandardOutput.ReadToEndAsync(cancellationToken);
        }

        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} exited with {process.ExitCode}: {await error}");
        }
    }
}
