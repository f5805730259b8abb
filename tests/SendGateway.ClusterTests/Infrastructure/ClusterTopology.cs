namespace SendGateway.ClusterTests.Infrastructure;

/// <summary>
/// The topology of separate hosts made by scripts/cluster/up.sh (each host a network namespace <c>sgc-NAME</c> on the
/// bridge sgc0; names and addresses from scripts/cluster/hosts.sh), with its own data folder, and what tests do to its
/// hosts: run a command inside one, kill its server, cut it off the network and put it back.
/// </summary>
public static class ClusterTopology
{
    private static Dictionary<string, string>? _addresses;

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The tests' own data folder, apart from make cluster's.</summary>
    public static string DataFolder { get; } = Environment.GetEnvironmentVariable("SGC_TEST_DATA") ?? "/var/tmp/sendgateway-cluster-tests";

    /// <summary>PROXY v2 from lb to the relays (the relays read it from lb's address): on unless SGC_TEST_PROXY_V2=0.</summary>
    public static string ProxyV2 { get; } = Environment.GetEnvironmentVariable("SGC_TEST_PROXY_V2") ?? "1";

    /// <summary>Marks this run's messages (tokens are unique across runs on a reused topology, whose mx keeps its mail).</summary>
    public static string RunId { get; } = Guid.NewGuid().ToString("N")[..6];

    public static string AdminKey => File.ReadAllText(Path.Combine(DataFolder, "admin.key")).Trim();

    public static string MailFolder => Path.Combine(DataFolder, "mx", "mail");

    public static Uri LoadBalancer => new($"http://{Ip("lb")}/");

    public static string Ip(string host) => _addresses?[host] ?? throw new InvalidOperationException("the topology is not up");

    public static IDictionary<string, string> ScriptEnvironment => new Dictionary<string, string> { ["SGC_DATA"] = DataFolder, ["PROXY_V2"] = ProxyV2 };

    /// <summary>SGC_TEST_REUSE=1 (while writing tests): a topology already up in <see cref="DataFolder"/> is used as it is
    /// and left up at the end.</summary>
    public static bool Reuse { get; } = Environment.GetEnvironmentVariable("SGC_TEST_REUSE") == "1";

    public static async Task UpAsync()
    {
        if (!Reuse || !File.Exists(Path.Combine(DataFolder, "server.env")) || !(await Processes.CheckedAsync("ip", ["netns", "list"])).Contains("sgc-lb", StringComparison.Ordinal))
        {
            await Processes.CheckedAsync("bash", ["scripts/cluster/up.sh"], ScriptEnvironment, TimeSpan.FromMinutes(5));
        }

        var lines = await Processes.CheckedAsync("bash", ["-c", "source scripts/cluster/hosts.sh; printf '%s\\n' \"${SGC_HOSTS[@]}\""]);
        _addresses = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')).ToDictionary(p => p[0], p => p[1]);
    }

    public static Task DownAsync() => Reuse ? Task.CompletedTask : Processes.RunAsync("bash", ["scripts/cluster/down.sh"], ScriptEnvironment, TimeSpan.FromMinutes(1));

    /// <summary>A command inside <paramref name="host"/>'s namespace.</summary>
    public static Task<(int Exit, string Output)> ExecAsync(string host, params string[] command) =>
        Processes.RunAsync("ip", ["netns", "exec", $"sgc-{host}", .. command]);

    /// <summary>The server executable in <paramref name="host"/> with the cluster's settings (scripts/cluster/server.sh).</summary>
    public static Task<string> ServerCommandAsync(string host, params string[] args) =>
        Processes.CheckedAsync("bash", ["scripts/cluster/server.sh", host, .. args], ScriptEnvironment, TimeSpan.FromMinutes(2));

    /// <summary>Cuts <paramref name="host"/> off the network (its veth down at the bridge): packets to and from it vanish.</summary>
    public static Task CutOffAsync(string host) => Processes.CheckedAsync("ip", ["link", "set", $"sgc-{host}", "down"]);

    public static Task ReconnectAsync(string host) => Processes.CheckedAsync("ip", ["link", "set", $"sgc-{host}", "up"]);

    /// <summary>SIGKILL of <paramref name="host"/>'s SendGateway process (its id from up.sh).</summary>
    public static Task KillServerAsync(string host) =>
        Processes.CheckedAsync("kill", ["-9", File.ReadAllText(Path.Combine(DataFolder, host, "server.pid")).Trim()]);

    /// <summary>Starts <paramref name="host"/>'s SendGateway process again (as up.sh does; its id replaces the one in
    /// server.pid, its output goes after the old log) and waits until it answers <c>/readyz</c>.</summary>
    public static async Task StartServerAsync(string host, string roles)
    {
        var folder = Path.Combine(DataFolder, host);
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", "exec setsid bash scripts/cluster/server.sh \"$@\" >>\"$LOG\" 2>&1 </dev/null", "start",
            host, $"--SendGateway:Roles={roles}", "--urls", $"http://{Ip(host)}:8080"]) { WorkingDirectory = RepositoryRoot };
        foreach (var (key, value) in ScriptEnvironment)
        {
            start.Environment[key] = value;
        }

        start.Environment["LOG"] = Path.Combine(folder, "server.log");
        var process = System.Diagnostics.Process.Start(start)!;
        await File.WriteAllTextAsync(Path.Combine(folder, "server.pid"), process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ready = await Polling.UntilAsync(async () =>
        {
            try
            {
                return (await http.GetAsync(new Uri($"http://{Ip(host)}:8080/readyz"))).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, up => up, TimeSpan.FromSeconds(90));
        Assert.That(ready, Is.True, $"{host} answers /readyz again");
    }

    /// <summary>A host's server log (what it logged so far).</summary>
    public static string ServerLog(string host) => File.ReadAllText(Path.Combine(DataFolder, host, "server.log"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SendGateway.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SendGateway.sln not found above the test output");
    }
}
