using System.Diagnostics;
using System.Net;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A private, complete Postfix (master, smtpd, qmgr, bounce, smtp) in its own config and queue folder, started with
/// <c>postfix -c DIR start-fg</c> with its smtpd on one 127.0.0.x address (master.cf; <c>inet_interfaces</c> only accepts
/// configured interface addresses, so it stays loopback-only). Tests give it a transport table, e.g. an <c>error:</c>
/// transport so it bounces what it accepted and sends the DSN back to us. Needs root (Postfix's master does).
/// </summary>
public sealed class PostfixMta : IAsyncDisposable
{
    private readonly Process _master;
    private readonly string _dir;
    private readonly System.Text.StringBuilder _log;

    private PostfixMta(Process master, string dir, IPEndPoint endPoint, System.Text.StringBuilder log)
    {
        _master = master;
        _dir = dir;
        EndPoint = endPoint;
        _log = log;
    }

    public IPEndPoint EndPoint { get; }

    /// <param name="transports">transport(5) lines: <c>domain transport:nexthop</c>.</param>
    /// <param name="relayDomains">domains it accepts from anyone (we deliver from 127.0.0.1, inside mynetworks anyway).</param>
    public static async Task<PostfixMta> StartAsync(IPAddress address, IEnumerable<string> transports, IEnumerable<string> relayDomains, CancellationToken cancellationToken)
    {
        var port = ProcessRunner.FreePort();
        // A short path: Postfix's unix sockets (queue/public/postlog) must fit in 108 bytes; its user must reach data/.
        var dir = Path.Combine("/tmp", $"sgpf-{Guid.NewGuid():N}"[..13]);
        Directory.CreateDirectory(Path.Combine(dir, "queue"));
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        var masterCf = new[] { "/etc/postfix/master.cf", "/usr/share/postfix/master.cf.dist" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Postfix is not installed (apt-get install postfix).");
        var lines = (await File.ReadAllLinesAsync(masterCf, cancellationToken)).Where(l => !l.StartsWith("smtp ", StringComparison.Ordinal) || !l.Contains(" inet ", StringComparison.Ordinal));
        await File.WriteAllLinesAsync(Path.Combine(dir, "master.cf"), lines.Append($"{address}:{port} inet n - n - - smtpd"), cancellationToken);
        await File.WriteAllLinesAsync(Path.Combine(dir, "transport"), transports, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(dir, "main.cf"), $"""
            compatibility_level = 3.6
            queue_directory = {dir}/queue
            data_directory = {dir}/data
            inet_interfaces = loopback-only
            inet_protocols = ipv4
            myhostname = postfix-mta.test
            mydestination =
            mynetworks = 127.0.0.0/8
            relay_domains = {string.Join(", ", relayDomains)}
            transport_maps = texthash:{dir}/transport
            smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
            smtp_dns_support_level = disabled
            maillog_file = /dev/stdout
            delay_warning_time = 0
            alias_maps =
            alias_database =
            """, cancellationToken);
        await ProcessRunner.RunAsync("chown", ["postfix", Path.Combine(dir, "data")], cancellationToken);

        var start = new ProcessStartInfo("postfix", ["-c", dir, "start-fg"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var master = Process.Start(start) ?? throw new InvalidOperationException("postfix did not start");
        var log = new System.Text.StringBuilder();
        master.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        master.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        master.BeginOutputReadLine();
        master.BeginErrorReadLine();
        var endPoint = new IPEndPoint(address, port);
        for (var i = 0; i < 150; i++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(endPoint, cancellationToken);
                return new PostfixMta(master, dir, endPoint, log);
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        master.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"Postfix did not listen on {endPoint}: {log}");
    }

    /// <summary>Postfix's mail log so far (for assertion messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ProcessRunner.RunAsync("postfix", ["-c", _dir, "stop"], CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            _master.Kill(entireProcessTree: true);
        }

        await _master.WaitForExitAsync();
        _master.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
