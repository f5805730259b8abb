using System.Diagnostics;
using System.Net.Sockets;
using SendGateway.Server.Queue;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>The real server executable (the build output next to the tests) as a separate process.</summary>
public static class ServerProcess
{
    /// <summary>How to start the executable with <paramref name="environment"/>, from its own folder unless told another.</summary>
    public static ProcessStartInfo StartInfo(IDictionary<string, string> environment, IEnumerable<string> args, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "SendGateway.Server.dll"), .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>A worker process (delivery role unless told) sharing <paramref name="factory"/>'s databases; the caller kills it.</summary>
    public static Process StartWorker(SendGatewayFactory factory, IDictionary<string, string> overrides, string roles = "delivery")
    {
        var process = Process.Start(StartInfo(factory.EnvironmentFor(roles, overrides), []))!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    /// <summary>Runs a command of the executable to its end: exit code and output.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(IDictionary<string, string> environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(environment, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await error);
    }

    /// <summary>A made-up domain whose mail falls on <paramref name="shard"/> of <paramref name="shards"/>.</summary>
    public static string DomainOnShard(int shard, int shards = 4, string prefix = "shard") =>
        Enumerable.Range(0, 1000).Select(i => $"{prefix}{i}.test").First(d => QueueKeys.ShardOf(d, shards) == shard);

    /// <summary>A relay-only process on a free port (AUTH without TLS: loopback only), ready when it accepts connections.</summary>
    /// <param name="overrides">Settings of its own (another Redis connection string, say).</param>
    public static async Task<(Process Process, int Port)> StartRelayAsync(SendGatewayFactory api, IDictionary<string, string>? overrides = null)
    {
        var port = ProcessRunner.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["SendGateway:Relay:Ports:Submission"] = port.ToString(),
            ["SendGateway:Relay:Ports:Tls"] = "0",
            ["SendGateway:Relay:Ports:Alternate"] = "0",
            ["SendGateway:Relay:AllowPlainAuthWithoutTls"] = "true",
            ["SendGateway:Relay:PasswordHashIterations"] = "10000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var process = ServerProcess.StartWorker(api, settings, roles: "relay");
        var ready = await Polling.UntilAsync(async () =>
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync("127.0.0.1", port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, up => up, TimeSpan.FromSeconds(60));
        Assert.That(ready, Is.True, "the relay process listens");
        return (process, port);
    }
}
