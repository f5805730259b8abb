using MailKit.Net.Smtp;

namespace SendGateway.Server.Delivery;

/// <summary>One open SMTP client to one target, with what the pool needs to decide on reuse.</summary>
public sealed class PooledConnection(SmtpClient client, DeliveryTarget target, string? sourceIp) : IDisposable
{
    public SmtpClient Client { get; } = client;

    public DeliveryTarget Target { get; } = target;

    public string? SourceIp { get; } = sourceIp;

    public int Sent { get; set; }

    public long IdleSince { get; set; } = Environment.TickCount64;

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
    }
}
