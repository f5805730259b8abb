using System.Diagnostics;
using System.Net.Sockets;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// redis-server (AOF, appendfsync always) and initdb/pg_ctl PostgreSQL in a temporary folder on free loopback ports. PostgreSQL
/// runs with fsync off: a killed process loses nothing written (the kernel keeps it); only a crash of the host would, and a
/// test run does not outlive its host. Creating a database per factory then costs a file copy, not a checkpoint's fsyncs.
/// </summary>
public sealed class LocalProcessServers : IStorageServers
{
    private readonly string _root;
    private readonly Process _redis;
    private readonly int _pgPort;

    private LocalProcessServers(string root, Process redis, int redisPort, int pgPort)
    {
        _root = root;
        _redis = redis;
        _pgPort = pgPort;
        RedisEndpoint = $"127.0.0.1:{redisPort}";
    }

    public string RedisEndpoint { get; }

    public string PostgresAdminConnectionString => $"Host=127.0.0.1;Port={_pgPort};Username=sendgateway;Database=postgres;Maximum Pool Size=20";

    public static async Task<LocalProcessServers> StartAsync(CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("sendgateway-tests-").FullName;
        var redisPort = ProcessRunner.FreePort();
        var redis = Process.Start(new ProcessStartInfo("redis-server",
            ["--bind", "127.0.0.1", "--port", redisPort.ToString(), "--dir", root, "--save", "", "--appendonly", "yes", "--appendfsync", "always",
             "--databases", "256", "--maxmemory-policy", "noeviction"])
        { RedirectStandardOutput = true, UseShellExecute = false })!;
        _ = redis.StandardOutput.ReadToEndAsync(cancellationToken);
        await WaitForPortAsync(redisPort, cancellationToken);

        var pgData = Path.Combine(root, "pg");
        Directory.CreateDirectory(pgData);
        if (Environment.UserName == "root" && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
            await ProcessRunner.RunAsync("chown", ["postgres", pgData], cancellationToken);
        }

        var pgPort = ProcessRunner.FreePort();
        await ProcessRunner.RunAsync(ProcessRunner.PostgresBin("initdb"), ["-D", pgData, "-U", "sendgateway", "--auth=trust", "-E", "UTF8", "--no-sync"], cancellationToken, asPostgres: true);
        await ProcessRunner.RunAsync(ProcessRunner.PostgresBin("pg_ctl"),
            ["-D", pgData, "-l", Path.Combine(pgData, "log.txt"), "-w", "-t", "60", "-o", $"-p {pgPort} -c listen_addresses=127.0.0.1 -k {pgData} -c max_connections=300 -c fsync=off", "start"],
            cancellationToken, asPostgres: true);
        return new LocalProcessServers(root, redis, redisPort, pgPort);
    }

    private static async Task WaitForPortAsync(int port, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        throw new InvalidOperationException($"Nothing listens on 127.0.0.1:{port}.");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ProcessRunner.RunAsync(ProcessRunner.PostgresBin("pg_ctl"), ["-D", Path.Combine(_root, "pg"), "-m", "immediate", "-w", "stop"], CancellationToken.None, asPostgres: true);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        _redis.Kill(entireProcessTree: true);
        await _redis.WaitForExitAsync();
        _redis.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
