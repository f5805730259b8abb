using System.Diagnostics;
using System.Net.Sockets;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>A private redis-server a test can stop and start again on the same port (outage tests).</summary>
public sealed class RedisProcess(params string[] extraArguments) : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sendgateway-redis-").FullName;
    private Process? _process;

    public int Port { get; } = ProcessRunner.FreePort();

    /// <summary>When set, the server speaks TLS only on <see cref="Port"/> (no plain port) with these certificates, and asks clients for one signed by their CA.</summary>
    public TestCertificates? Tls { get; init; }

    /// <summary>The server's log in TLS mode (accepted connections, failed handshakes); empty otherwise.</summary>
    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) : string.Empty;

    /// <summary>The folder of the append-only file (<c>appendonlydir</c>).</summary>
    public string DataDirectory => _dir;

    /// <summary>The running server's process id.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("redis-server is not running");

    /// <summary>True once the server has ended by itself (an append it could not write) or was stopped.</summary>
    public bool HasExited => _process is null || _process.HasExited;

    private string LogFile => Path.Combine(_dir, "redis.log");

    public async Task StartAsync()
    {
        string[] listen = Tls is null
            ? ["--port", Port.ToString()]
            : ["--port", "0", "--tls-port", Port.ToString(), "--tls-cert-file", Tls.ServerCertificateFile, "--tls-key-file", Tls.ServerKeyFile, "--tls-ca-cert-file", Tls.CaFile,
               "--logfile", LogFile, "--loglevel", "verbose"];
        // Through sh only to ignore SIGXFSZ (kept across exec): a file size limit then fails the write as a full disk does
        // instead of killing the server (StoreFault.DiskFull). The process id is redis-server's.
        _process = Process.Start(new ProcessStartInfo("sh",
            ["-c", "trap '' XFSZ; exec \"$@\"", "sh", "redis-server",
             "--bind", "127.0.0.1", .. listen, "--dir", _dir, "--save", "", "--appendonly", "yes", "--appendfsync", "always", .. extraArguments])
        { RedirectStandardOutput = true, UseShellExecute = false })!;
        _ = _process.StandardOutput.ReadToEndAsync();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException("redis-server did not start");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
