using Microsoft.Extensions.Options;
using System.ComponentModel.DataAnnotations;
using System.Net;

namespace SendGateway.Server.Relay;

/// <summary><c>SendGateway:Relay</c>: the SMTP submission listeners and every limit they enforce.</summary>
public sealed class RelayOptions : IValidatableObject
{
    [ValidateObjectMembers]
    public RelayPorts Ports { get; set; } = new();

    /// <summary>Address the listeners bind; the container image sets 0.0.0.0.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Name in the greeting and EHLO reply; defaults to the machine name.</summary>
    public string? HostName { get; set; }

    /// <summary>Allow AUTH before TLS (loopback development only).</summary>
    public bool AllowPlainAuthWithoutTls { get; set; }

    /// <summary>PFX/PKCS#12 certificate for STARTTLS and port 465; without one a self-signed certificate is made at start.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public List<TrustedNetwork> TrustedNetworks { get; set; } = [];

    /// <summary>
    /// Connections from <c>SendGateway:Proxies:Trusted</c> (a load balancer) start with a PROXY protocol header (v2, or v1
    /// text) naming the client, whose address then counts everywhere; without a valid one in <see cref="ProxyHeaderTimeout"/>
    /// they are closed without a greeting. Other connections are served as direct clients.
    /// </summary>
    public bool ProxyProtocol { get; set; }

    /// <summary>How long a trusted proxy's connection may take to send its PROXY header.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ProxyHeaderTimeout { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1, 1_000_000)]
    public int MaxConnections { get; set; } = 2000;

    [Range(1, 100_000)]
    public int MaxConnectionsPerIp { get; set; } = 100;

    [Range(1024L, 1L << 31)]
    public long MaxMessageBytes { get; set; } = 25L * 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxRecipients { get; set; } = 1000;

    [Range(512, 65536)]
    public int MaxCommandLineLength { get; set; } = 512;

    [Range(1000, 1_000_000)]
    public int MaxTextLineLength { get; set; } = 1000;

    [Range(1024, 10_000_000)]
    public int MaxHeaderBytes { get; set; } = 100 * 1024;

    /// <summary>Received headers above which a message is taken for a loop (554 5.4.6).</summary>
    [Range(1, 1000)]
    public int MaxHops { get; set; } = 50;

    [Range(1, 1000)]
    public int MaxErrors { get; set; } = 20;

    /// <summary>NOOP, RSET, VRFY, EXPN, ETRN and TURN per session before each further one counts towards MaxErrors (Postfix's smtpd_junk_command_limit).</summary>
    [Range(1, 100_000)]
    public int MaxJunkCommands { get; set; } = 100;

    [Range(1, 100)]
    public int MaxAuthFailuresPerSession { get; set; } = 3;

    /// <summary>Failed AUTHs per client address, and per username, within <see cref="AuthFailureWindow"/> before 454.</summary>
    [Range(1, 100_000)]
    public int MaxAuthFailuresPerIp { get; set; } = 10;

    [Range(1, 100_000)]
    public int MaxAuthFailuresPerUsername { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AuthFailureWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Addresses and usernames whose failed AUTHs this node remembers at most; when full, expired and then unthrottled
    /// ones are forgotten first, so a spray of usernames cannot clear a throttled one's count.
    /// </summary>
    [Range(10, 10_000_000)]
    public int MaxAuthFailureEntries { get; set; } = 100_000;

    [Range(10_000, 10_000_000)]
    public int PasswordHashIterations { get; set; } = 100_000;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DataTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Postfix's smtpd_min_data_rate: octets per second a client must keep up in DATA/BDAT beyond CommandTimeout (0 = off).</summary>
    [Range(0, 100_000_000)]
    public int MinDataRate { get; set; } = 500;

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Listen this long before the greeting; a client that speaks first gets 554 5.5.0 and is closed (reliability.md
    /// T06). Off (0) by default: the relay serves submission ports, where every tenant client would wait this long on
    /// every connection, and postscreen's greet wait is a port-25 defence against bots.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan PregreetWait { get; set; } = TimeSpan.Zero;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(ListenAddress, out _))
        {
            yield return new ValidationResult("SendGateway:Relay:ListenAddress must be an IP address.", [nameof(ListenAddress)]);
        }

        foreach (var trusted in TrustedNetworks)
        {
            if (!IPNetwork.TryParse(trusted.Network, out _) || string.IsNullOrEmpty(trusted.TenantId))
            {
                yield return new ValidationResult($"SendGateway:Relay:TrustedNetworks entry '{trusted.Network}' needs a CIDR Network and a TenantId.", [nameof(TrustedNetworks)]);
            }
        }
    }
}
