using System.Security.Authentication;
using SendGateway.Server.Delivery.TlsPolicy;
using SendGateway.Server.EventContract;

namespace SendGateway.Server.Delivery.Connections;

/// <summary>
/// One open SMTP client to one target, with what the pool needs to decide on reuse: the TLS it negotiated, what its
/// certificate showed (<see cref="Findings"/>) and the pool key it was opened under (<see cref="TlsRequirement.PoolKey"/>).
/// </summary>
internal sealed class PooledConnection(DeliverySmtpClient client, DeliveryTarget target, string? sourceIp, string? slotId = null) : IDisposable
{
    /// <summary>What the handshake showed of the server's certificate (empty in plain text).</summary>
    public TlsFindings Findings { get; init; } = new();

    /// <summary>The idle list it goes back to: its requirement's pool key, or <see cref="TlsRequirement.PlainPoolKey"/> in plain text.</summary>
    public string PoolKey { get; init; } = TlsRequirement.PlainPoolKey;

    public bool IsSecure { get; } = client.IsSecure;

    /// <summary><c>TLSv1.2</c>, <c>TLSv1.3</c> (null in plain text).</summary>
    public string? TlsVersion { get; } = client.IsSecure ? VersionName(client.SslProtocol) : null;

    /// <summary>The negotiated cipher suite's IANA name (null in plain text).</summary>
    public string? Cipher { get; } = client.IsSecure ? client.SslCipherSuite?.ToString() : null;

    /// <summary>This connection's id in the cross-worker slot count of its MX address (null when that count is off).</summary>
    public string? SlotId { get; } = slotId;

    /// <summary>Called once when the connection is closed (releases its slot).</summary>
    public Action<PooledConnection>? OnClosed { get; set; }

    public DeliverySmtpClient Client { get; } = client;

    public DeliveryTarget Target { get; } = target;

    public string? SourceIp { get; } = sourceIp;

    public int Sent { get; set; }

    public long IdleSince { get; set; } = Environment.TickCount64;

    /// <summary>When its slot was last acquired or renewed (<see cref="Environment.TickCount64"/>).</summary>
    public long SlotRenewedAt { get; set; } = Environment.TickCount64;

    /// <summary>The event's <c>tls_detail</c> for an attempt under <paramref name="requirement"/> to <paramref name="mxHost"/> on this connection.</summary>
    public TlsDetail TlsDetailFor(TlsRequirement requirement, string mxHost) => IsSecure
        ? new TlsDetail(TlsVersion, Cipher, requirement.Policy, requirement.Verified(true, Findings, mxHost))
        : new TlsDetail(null, null, TlsPolicyNames.None, false);

#pragma warning disable CA5397, SYSLIB0039 // Named, not negotiated: old protocols are reported as what they are.
    private static string VersionName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        SslProtocols.Tls11 => "TLSv1.1",
        SslProtocols.Tls => "TLSv1",
        _ => protocol.ToString(),
    };
#pragma warning restore CA5397, SYSLIB0039

    public void Dispose()
    {
        try
        {
            if (Client.IsConnected)
            {
                // A polite QUIT is not worth a blocked worker: drop the socket.
                Client.Disconnect(false);
            }
        }
        catch (Exception e) when (e is IOException or MailKit.ProtocolException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // Already gone.
        }

        Client.Dispose();
        Findings.Dispose();
        OnClosed?.Invoke(this);
        OnClosed = null;
    }
}
