using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using SendGateway.Server.Delivery.Pipeline;
using SendGateway.Server.Delivery.TlsPolicy;

namespace SendGateway.Server.Delivery.Connections;

/// <summary>
/// Open SMTP connections per target address, reused across messages (RSET-free: one transaction per message) and
/// capped per destination. Sockets are connected here with NoDelay (architecture §4: MailKit's default stalls 44 ms).
/// </summary>
internal sealed class SmtpConnectionPool(IOptions<DeliveryOptions> options, ConnectionSlots slots) : IDisposable
{
    private readonly ConcurrentDictionary<string, Destination> _destinations = new();
    private readonly DeliveryOptions _options = options.Value;
    private readonly TlsRequirement _tls = TlsRequirement.Opportunistic;
    private readonly string _heloName = options.Value.HeloName ?? Dns.GetHostName();

    public async Task<PooledConnection> RentAsync(DeliveryTarget target, CancellationToken cancellationToken)
    {
        var destination = _destinations.GetOrAdd(target.Key, _ => new Destination(target.MaxConnections ?? _options.MaxConnectionsPerDestination));
        await destination.Slots.WaitAsync(cancellationToken);
        try
        {
            while (destination.Idle.TryTake(out var idle))
            {
                if (await IsUsableAsync(idle, cancellationToken))
                {
                    // The slot is renewed once a tenth of its TTL has passed, not on every message: one Redis call
                    // fewer per delivery, and a crashed worker's slots still expire within 1.1 TTL.
                    if (idle.SlotId is { } slot && Environment.TickCount64 - idle.SlotRenewedAt > _options.ConnectionSlotTtl.TotalMilliseconds / 10)
                    {
                        try
                        {
                            await slots.RenewAsync(target.MxKey, slot);
                        }
                        catch (Exception e) when (Storage.Outage.IsTransient(e))
                        {
                            destination.Idle.Add(idle); // Redis failed, not the connection: kept for when it answers
                            throw;
                        }

                        idle.SlotRenewedAt = Environment.TickCount64;
                    }

                    return idle;
                }

                idle.Dispose();
            }

            return await OpenAsync(target, cancellationToken);
        }
        catch
        {
            destination.Slots.Release();
            throw;
        }
    }

    /// <summary>Gives a connection back: kept for the next message when it is healthy and under its message budget.</summary>
    public void Return(PooledConnection connection, bool reusable)
    {
        var destination = _destinations[connection.Target.Key];
        if (reusable && connection.Client.IsConnected && connection.Sent < (connection.Target.MessagesPerConnection ?? _options.MessagesPerConnection))
        {
            connection.IdleSince = Environment.TickCount64;
            destination.Idle.Add(connection);
        }
        else
        {
            connection.Dispose();
        }

        destination.Slots.Release();
    }

    /// <summary>Closes connections idle longer than the idle timeout.</summary>
    public void CloseIdle()
    {
        foreach (var destination in _destinations.Values)
        {
            var keep = new List<PooledConnection>();
            while (destination.Idle.TryTake(out var idle))
            {
                // A connection counted in the cross-worker slots is not kept idle for long: another worker may need the slot.
                var limit = idle.SlotId is null ? _options.IdleConnectionTimeout : _options.ConnectionSlotIdleRelease;
                if (Environment.TickCount64 - idle.IdleSince > limit.TotalMilliseconds)
                {
                    idle.Dispose();
                }
                else
                {
                    keep.Add(idle);
                }
            }

            keep.ForEach(destination.Idle.Add);
        }
    }

    private async Task<bool> IsUsableAsync(PooledConnection connection, CancellationToken cancellationToken)
    {
        if (!connection.Client.IsConnected || Environment.TickCount64 - connection.IdleSince > _options.IdleConnectionTimeout.TotalMilliseconds)
        {
            return false;
        }

        if (Environment.TickCount64 - connection.IdleSince < _options.ReuseWithoutProbeWithin.TotalMilliseconds)
        {
            return true;
        }

        try
        {
            // Idle for a while: the server may have hung up, and a failed MAIL would cost an attempt.
            connection.Client.UseCommandTimeout();
            await connection.Client.NoOpAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (RemoteFailures.IsRemote(e, cancellationToken))
        {
            return false; // whatever the server did to the probe (MailKit's documented exceptions): open a new connection
        }
    }

    /// <summary>A new connection, within the cross-worker slot count of the MX address when that is on.</summary>
    private async Task<PooledConnection> OpenAsync(DeliveryTarget target, CancellationToken cancellationToken)
    {
        if (!slots.Enabled)
        {
            return await ConnectAsync(target, null, cancellationToken);
        }

        var id = Guid.NewGuid().ToString("N");
        if (!await slots.TryAcquireAsync(target.MxKey, id, cancellationToken))
        {
            throw new DestinationBusyException(target.MxKey);
        }

        try
        {
            var connection = await ConnectAsync(target, id, cancellationToken);
            connection.OnClosed = c => _ = slots.ReleaseAsync(c.Target.MxKey, id);
            return connection;
        }
        catch
        {
            await slots.ReleaseAsync(target.MxKey, id);
            throw;
        }
    }

    private async Task<PooledConnection> ConnectAsync(DeliveryTarget target, string? slotId, CancellationToken cancellationToken)
    {
        try
        {
            return await ConnectAsync(target, slotId, _tls.FirstAttempt, cancellationToken);
        }
        catch (Exception e) when (_tls.FallsBackAfter(e, cancellationToken))
        {
            return await ConnectAsync(target, slotId, _tls.Fallback, cancellationToken);
        }
    }

    private async Task<PooledConnection> ConnectAsync(DeliveryTarget target, string? slotId, SecureSocketOptions security, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        var socket = new Socket(target.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var client = new DeliverySmtpClient(_options.CommandTimeout, _options.DataTimeout)
        {
            LocalDomain = target.Source?.EhloName ?? _heloName,
            Timeout = (int)_options.CommandTimeout.TotalMilliseconds,
            CheckCertificateRevocation = false,
            ServerCertificateValidationCallback = _tls.CertificateValidation,
        };
        try
        {
            if (target.Source is { } bound)
            {
                socket.Bind(new IPEndPoint(bound.Address, 0)); // the tenant's pool address (architecture §4)
            }

            await socket.ConnectAsync(new IPEndPoint(target.Address, target.Port), timeout.Token);
            var source = (socket.LocalEndPoint as IPEndPoint)?.Address.ToString();
            await client.ConnectAsync(new ReplyCappedStream(socket, _options.MaxReplyBytes), target.Host, target.Port, security, timeout.Token);
            return new PooledConnection(client, target, source, slotId);
        }
        catch (SmtpCommandException e) when (TlsRequirement.IsStartTlsRefusal(security, client))
        {
            client.Dispose();
            socket.Dispose();
            throw new StartTlsRefusedException(e);
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var destination in _destinations.Values)
        {
            while (destination.Idle.TryTake(out var idle))
            {
                idle.Dispose();
            }
        }
    }

    private sealed class Destination(int maxConnections)
    {
        public SemaphoreSlim Slots { get; } = new(maxConnections, maxConnections);

        public ConcurrentBag<PooledConnection> Idle { get; } = [];
    }
}
