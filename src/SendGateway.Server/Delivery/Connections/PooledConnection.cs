namespace SendGateway.Server.Delivery.Connections;

/// <summary>One open SMTP client to one target, with what the pool needs to decide on reuse.</summary>
internal sealed class PooledConnection(DeliverySmtpClient client, DeliveryTarget target, string? sourceIp, string? slotId = null) : IDisposable
{
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
        OnClosed?.Invoke(this);
        OnClosed = null;
    }
}
