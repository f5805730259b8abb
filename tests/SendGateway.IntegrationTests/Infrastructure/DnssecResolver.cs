using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using DnsClient;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// Real DNSSEC for DANE tests: the zones are signed at start with <c>ldns-keygen</c>/<c>ldns-signzone</c> (ECDSA P-256),
/// served by <c>nsd</c> on 127.0.0.161 and validated by <c>unbound</c> on 127.0.0.162 (trust anchors = the signed zones'
/// DS records, no root), each on a free port. Point <c>Delivery:Tls:Dane:ValidatingResolvers</c> (and, for MX lookups,
/// <c>Delivery:Dns:Servers</c>) at <see cref="EndPoint"/>. Both daemons are killed at dispose.
/// </summary>
public sealed partial class DnssecResolver : IAsyncDisposable
{
    public const string NsdAddress = "127.0.0.161";
    public const string ResolverAddress = "127.0.0.162";

    private readonly string _dir = Directory.CreateTempSubdirectory("sendgateway-dnssec-").FullName;
    private readonly IReadOnlyList<DnssecZone> _zones;
    private readonly int _nsdPort = ProcessRunner.FreePort(NsdAddress);
    private CapturedProcess? _nsd;
    private CapturedProcess? _unbound;

    private DnssecResolver(IReadOnlyList<DnssecZone> zones)
    {
        _zones = zones;
        EndPoint = new IPEndPoint(IPAddress.Parse(ResolverAddress), ProcessRunner.FreePort(ResolverAddress));
    }

    /// <summary>The validating resolver (UDP and TCP).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>unbound's log (validation failures are logged with their reason) and nsd's output, for failure messages.</summary>
    public string Log => (File.Exists(Path.Combine(_dir, "unbound.log")) ? File.ReadAllText(Path.Combine(_dir, "unbound.log")) : string.Empty) + _nsd?.Output;

    public static async Task<DnssecResolver> StartAsync(IReadOnlyList<DnssecZone> zones, CancellationToken cancellationToken)
    {
        var resolver = new DnssecResolver(zones);
        try
        {
            await resolver.StartAsync(cancellationToken);
            return resolver;
        }
        catch
        {
            await resolver.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_unbound is not null)
        {
            await _unbound.DisposeAsync();
        }

        if (_nsd is not null)
        {
            await _nsd.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var anchors = new List<string>();
        foreach (var zone in _zones)
        {
            var file = Path.Combine(_dir, $"{zone.Name}.zone");
            await File.WriteAllLinesAsync(file, [
                $"$ORIGIN {zone.Name}.", "$TTL 300",
                $"@ IN SOA ns1.{zone.Name}. hostmaster.{zone.Name}. 1 3600 900 604800 300",
                $"@ IN NS ns1.{zone.Name}.", $"ns1 IN A {NsdAddress}", .. zone.Records], cancellationToken);
            if (!zone.Insecure)
            {
                anchors.Add(await SignAsync(zone, file, cancellationToken));
            }
        }

        await File.WriteAllLinesAsync(Path.Combine(_dir, "anchors.ds"), anchors, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_dir, "nsd.conf"), NsdConfig(), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_dir, "unbound.conf"), UnboundConfig(), cancellationToken);
        _nsd = CapturedProcess.Start(new ProcessStartInfo(Tool("nsd"), ["-d", "-c", Path.Combine(_dir, "nsd.conf")]) { UseShellExecute = false });
        _unbound = CapturedProcess.Start(new ProcessStartInfo(Tool("unbound"), ["-d", "-c", Path.Combine(_dir, "unbound.conf")]) { UseShellExecute = false });

        var first = _zones.First(z => !z.Insecure && !z.Bogus).Name;
        var client = new LookupClient(new LookupClientOptions(EndPoint) { RequestDnsSecRecords = true, UseCache = false, Timeout = TimeSpan.FromSeconds(1), Retries = 0, ThrowDnsErrors = false });
        var secure = await Polling.UntilAsync(async () =>
        {
            try
            {
                return (await client.QueryAsync(first, QueryType.SOA, QueryClass.IN, cancellationToken)).Header.IsAuthenticData;
            }
            catch (DnsResponseException)
            {
                return false; // not listening yet
            }
        }, ad => ad, TimeSpan.FromSeconds(30));
        if (!secure)
        {
            throw new InvalidOperationException($"unbound gave no authenticated answer for {first} within 30 s:\n{Log}");
        }
    }

    /// <summary>Makes a KSK and a ZSK, signs the zone file in place (NSEC), and returns the KSK's DS record for the trust anchors.</summary>
    private async Task<string> SignAsync(DnssecZone zone, string file, CancellationToken cancellationToken)
    {
        var ksk = await RunInDirAsync("ldns-keygen", ["-a", "ECDSAP256SHA256", "-k", zone.Name], cancellationToken);
        var zsk = await RunInDirAsync("ldns-keygen", ["-a", "ECDSAP256SHA256", zone.Name], cancellationToken);
        await RunInDirAsync("ldns-signzone", ["-f", file + ".signed", file, zsk, ksk], cancellationToken);
        var signed = await File.ReadAllTextAsync(file + ".signed", cancellationToken);
        if (zone.Bogus)
        {
            // Changes every TLSA record's data after signing: its RRSIG no longer verifies, and unbound answers SERVFAIL.
            signed = TlsaData().Replace(signed, m => m.Groups[1].Value + (m.Groups[2].Value[0] == '0' ? '1' : '0') + m.Groups[2].Value[1..]);
        }

        await File.WriteAllTextAsync(file, signed, cancellationToken);
        return (await File.ReadAllTextAsync(Path.Combine(_dir, ksk + ".ds"), cancellationToken)).Trim();
    }

    private async Task<string> RunInDirAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var (exit, output) = await ProcessRunner.CaptureAsync("sh", ["-c", "cd \"$0\" && exec \"$@\"", _dir, Tool(tool), .. arguments], cancellationToken);
        return exit == 0 ? output.Trim() : throw new InvalidOperationException($"{tool} exited with {exit}: {output}");
    }

    private static string Tool(string name) => new[] { "/usr/sbin", "/usr/bin" }.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists) ?? name;

    private string NsdConfig() =>
        $"""
        server:
            ip-address: {NsdAddress}@{_nsdPort}
            do-ip6: no
            server-count: 1
            username: ""
            chroot: ""
            zonesdir: "{_dir}"
            database: ""
            zonelistfile: "{_dir}/nsd.zonelist"
            xfrdfile: "{_dir}/nsd.xfrd.state"
            xfrdir: "{_dir}"
            pidfile: "{_dir}/nsd.pid"
            verbosity: 1
        remote-control:
            control-enable: no
        {string.Concat(_zones.Select(z => $"zone:\n    name: \"{z.Name}\"\n    zonefile: \"{z.Name}.zone\"\n"))}
        """;

    private string UnboundConfig() =>
        $"""
        server:
            interface: {ResolverAddress}@{EndPoint.Port}
            port: {EndPoint.Port}
            do-ip6: no
            access-control: 127.0.0.0/8 allow
            username: ""
            chroot: ""
            directory: "{_dir}"
            pidfile: "{_dir}/unbound.pid"
            use-syslog: no
            logfile: "{_dir}/unbound.log"
            do-daemonize: no
            module-config: "validator iterator"
            trust-anchor-file: "{_dir}/anchors.ds"
            local-zone: "test." nodefault
            do-not-query-localhost: no
            val-log-level: 2
            harden-dnssec-stripped: yes
            cache-max-ttl: 5
            cache-max-negative-ttl: 5
            qname-minimisation: no
        {string.Concat(_zones.Where(z => z.Insecure).Select(z => $"    domain-insecure: \"{z.Name}\"\n"))}
        remote-control:
            control-enable: no
        {string.Concat(_zones.Select(z => $"stub-zone:\n    name: \"{z.Name}\"\n    stub-addr: {NsdAddress}@{_nsdPort}\n"))}
        """;

    [GeneratedRegex(@"(\tIN\tTLSA\t\d+ \d+ \d+ )([0-9a-f]+)")]
    private static partial Regex TlsaData();
}
