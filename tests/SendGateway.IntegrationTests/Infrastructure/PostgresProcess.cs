namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>A private PostgreSQL cluster a test can stop and start again on the same port (outage tests).</summary>
public sealed class PostgresProcess : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sendgateway-pg-").FullName;

    public int Port { get; } = ProcessRunner.FreePort();

    private string Data => Path.Combine(_root, "pg");

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=sendgateway;Database=postgres;Timeout=3;Command Timeout=10";

    /// <summary>When set, the server offers TLS (<c>ssl=on</c>) with these certificates; plain connections are still allowed, so the client's SSL Mode decides.</summary>
    public TestCertificates? Tls { get; init; }

    /// <summary>The server's log (connections refused, TLS handshakes that failed).</summary>
    public string Log => File.Exists(Path.Combine(Data, "log.txt")) ? File.ReadAllText(Path.Combine(Data, "log.txt")) : string.Empty;

    public async Task StartAsync()
    {
        if (!Directory.Exists(Data))
        {
            Directory.CreateDirectory(Data);
            if (Environment.UserName == "root" && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
                await ProcessRunner.RunAsync("chown", ["postgres", Data], CancellationToken.None);
            }

            await ProcessRunner.RunAsync(ProcessRunner.PostgresBin("initdb"), ["-D", Data, "-U", "sendgateway", "--auth=trust", "-E", "UTF8"], CancellationToken.None, asPostgres: true);
        }

        await ProcessRunner.RunAsync(ProcessRunner.PostgresBin("pg_ctl"),
            ["-D", Data, "-l", Path.Combine(Data, "log.txt"), "-w", "-t", "60", "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {Data}{await TlsSettingsAsync()}", "start"],
            CancellationToken.None, asPostgres: true);
    }

    /// <summary>The certificate and key copied into the data folder, owned by the server's user with the key private (PostgreSQL refuses a readable key).</summary>
    private async Task<string> TlsSettingsAsync()
    {
        if (Tls is null)
        {
            return string.Empty;
        }

        var (certificate, key) = (Path.Combine(Data, "server.crt"), Path.Combine(Data, "server.key"));
        File.Copy(Tls.ServerCertificateFile, certificate, overwrite: true);
        File.Copy(Tls.ServerKeyFile, key, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (Environment.UserName == "root")
            {
                await ProcessRunner.RunAsync("chown", ["postgres", certificate, key], CancellationToken.None);
            }
        }

        return $" -c ssl=on -c ssl_cert_file={certificate} -c ssl_key_file={key}";
    }

    /// <summary>Immediate shutdown: connections drop as in a crash; WAL recovery at the next start.</summary>
    public async Task StopAsync() =>
        await ProcessRunner.RunAsync(ProcessRunner.PostgresBin("pg_ctl"), ["-D", Data, "-m", "immediate", "-w", "stop"], CancellationToken.None, asPostgres: true);

    /// <summary><c>pg_ctl restart -m fast</c>: every session is ended (57P01); the server is back when it returns.</summary>
    public async Task RestartAsync() =>
        await ProcessRunner.RunAsync(ProcessRunner.PostgresBin("pg_ctl"),
            ["-D", Data, "-l", Path.Combine(Data, "log.txt"), "-m", "fast", "-w", "-t", "60", "restart"], CancellationToken.None, asPostgres: true);

    /// <summary>The cluster's processes: the postmaster (first line of postmaster.pid) and its children (backends, WAL writer, checkpointer).</summary>
    public async Task<int[]> ProcessIdsAsync()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(Data, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        var (_, children) = await ProcessRunner.CaptureAsync("ps", ["-o", "pid=", "--ppid", postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture)], CancellationToken.None);
        return [postmaster, .. children.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))];
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            await StopAsync();
        }

        Directory.Delete(_root, recursive: true);
    }
}
