using System.Net;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests;

/// <summary>
/// Starts, once for the whole run, the real parts every test shares: Redis and PostgreSQL, a DNS server serving
/// the <c>.test</c> zones below, two MX servers on our SMTP library and two Postfix smtp-sinks, all on 127.0.0.x
/// with one common port (the delivery code reaches every MX on SendGateway:Delivery:MxPort).
/// </summary>
[SetUpFixture]
#pragma warning disable NUnit1032 // Everything started here is disposed through Owned in StopAsync.
public sealed class TestEnvironment
{
    public static IStorageServers Storage { get; private set; } = null!;

    public static TestDnsServer Dns { get; private set; } = null!;

    public static TestMx Mx1 { get; private set; } = null!;

    public static TestMx Mx2 { get; private set; } = null!;

    public static int MxPort { get; private set; }

    private static readonly List<IAsyncDisposable> Owned = [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Storage = ContainerServers.DockerAnswers()
            ? await ContainerServers.StartAsync(timeout.Token)
            : await LocalProcessServers.StartAsync(timeout.Token);
        Owned.Add(Storage);
        await MigratedTemplate.CreateAsync(Storage.PostgresAdminConnectionString, timeout.Token);
        Dns = new TestDnsServer();
        Owned.Add(Dns);
        (Mx1, Mx2, MxPort) = StartMxPair();
        Owned.Add(Mx1);
        Owned.Add(Mx2);
        Owned.Add(await PostfixSmtpSink.StartAsync(new IPEndPoint(IPAddress.Parse("127.0.0.4"), MxPort), ["-f", "rcpt"], timeout.Token));
        Owned.Add(await PostfixSmtpSink.StartAsync(new IPEndPoint(IPAddress.Parse("127.0.0.5"), MxPort), [], timeout.Token));

        Dns.AddMx("mx-ok.test", 10, "mx1.mx-ok.test");
        Dns.AddA("mx1.mx-ok.test", "127.0.0.2");
        Dns.AddMx("backup.test", 10, "dead.backup.test");
        Dns.AddA("dead.backup.test", "127.0.0.9");
        Dns.AddMx("backup.test", 20, "mx2.backup.test");
        Dns.AddA("mx2.backup.test", "127.0.0.3");
        Dns.AddA("a-only.test", "127.0.0.3");
        Dns.AddMx("postfix-reject.test", 10, "pf1.postfix.test");
        Dns.AddA("pf1.postfix.test", "127.0.0.4");
        Dns.AddMx("postfix-ok.test", 10, "pf2.postfix.test");
        Dns.AddA("pf2.postfix.test", "127.0.0.5");
        Dns.AddMx("nullmx.test", 0, ".");
        Dns.FailName("servfail.test");
    }

    /// <summary>Two sinks on 127.0.0.2 and 127.0.0.3 sharing one ephemeral port.</summary>
    private static (TestMx, TestMx, int) StartMxPair()
    {
        for (var tries = 0; ; tries++)
        {
            var first = new TestMx(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
            var port = first.EndPoint.Port;
            try
            {
                foreach (var address in new[] { "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.9" })
                {
                    using var probe = new System.Net.Sockets.TcpListener(IPAddress.Parse(address), port);
                    probe.Start();
                }

                return (first, new TestMx(new IPEndPoint(IPAddress.Parse("127.0.0.3"), port)), port);
            }
            catch (System.Net.Sockets.SocketException) when (tries < 20)
            {
                first.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var owned in Enumerable.Reverse(Owned))
        {
            await owned.DisposeAsync();
        }

        Owned.Clear();
    }
}
#pragma warning restore NUnit1032
