using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using SendGateway.Server.Delivery.Pipeline;
using SendGateway.Server.Delivery.TlsPolicy;
using SendGateway.Server.TlsReports;

namespace SendGateway.Server.Delivery.Connections;

/// <summary>
/// Open SMTP connections per target address, reused across messages (RSET-free: one transaction per message) and
/// capped per destination. Sockets are connected here with NoDelay (architecture §4: MailKit's default stalls 44 ms).
/// Idle connections are kept per what their TLS was verified for (<see cref="TlsRequirement.PoolKey"/>): a rent under an
/// enforced requirement only takes one opened under the same verification, never a plain-text fallback or an
/// opportunistic one, so a message needing verified TLS never travels on a connection opened without it.
/// </summary>
internal sealed class SmtpConnectionPool : IDisposable
{
    private readonly ConcurrentDictionary<string, Destination> _destinations = new();
    private readonly DeliveryOptions _options;
    private readonly ConnectionSlots _slots;
    private readonly X509Certificate2? _trustedCa;
    private readonly string _heloName;

    public SmtpConnectionPool(IOptions<DeliveryOptions> options, IOptions<DeliveryTlsOptions> tls, ConnectionSlots slots)
    {
        _options = options.Value;
        _slots = slots;
        _heloName = options.Value.HeloName ?? Dns.GetHostName();
        _trustedCa = tls.Value.TrustedCaFile is { } file ? X509CertificateLoader.LoadCertificateFromFile(file) : null;
    }

    public async Task<PooledConnection> RentAsync(DeliveryTarget target, CancellationToken cancellationToken)
    {
        var destination = _destinations.GetOrAdd(target.Key, _ => new Destination(target.MaxConnections ?? _options.MaxConnectionsPerDestination));
        await destination.Slots.WaitAsync(cancellationToken);
        try
        {
            var key = target.Tls.PoolKey(target.Host);
            while (destination.IdleUnder(key).TryTake(out var idle) || (!target.Tls.Enforced && destination.IdleUnder(TlsRequirement.PlainPoolKey).TryTake(out idle)))
            {
                if (await IsUsableAsync(idle, cancellationToken))
                {
                    // The slot is renewed once a tenth of its TTL has passed, not on every message: one Redis call
                    // fewer per delivery, and a crashed worker's slots still expire within 1.1 TTL.
                    if (idle.SlotId is { } slot && Environment.TickCount64 - idle.SlotRenewedAt > _options.ConnectionSlotTtl.TotalMilliseconds / 10)
                    {
                        try
                        {
                            await _slots.RenewAsync(target.MxKey, slot);
                        }
                        catch (Exception e) when (Storage.Outage.IsTransient(e))
                        {
                            destination.IdleUnder(idle.PoolKey).Add(idle); // Redis failed, not the connection: kept for when it answers
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
            destination.IdleUnder(connection.PoolKey).Add(connection);
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
        foreach (var idleList in _destinations.Values.SelectMany(d => d.Idle.Values))
        {
            var keep = new List<PooledConnection>();
            while (idleList.TryTake(out var idle))
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

            keep.ForEach(idleList.Add);
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
        if (!_slots.Enabled)
        {
            return await ConnectAsync(target, null, cancellationToken);
        }

        var id = Guid.NewGuid().ToString("N");
        if (!await _slots.TryAcquireAsync(target.MxKey, id, cancellationToken))
        {
            throw new DestinationBusyException(target.MxKey);
        }

        try
        {
            var connection = await ConnectAsync(target, id, cancellationToken);
            connection.OnClosed = c => _ = _slots.ReleaseAsync(c.Target.MxKey, id);
            return connection;
        }
        catch
        {
            await _slots.ReleaseAsync(target.MxKey, id);
            throw;
        }
    }

    private async Task<PooledConnection> ConnectAsync(DeliveryTarget target, string? slotId, CancellationToken cancellationToken)
    {
        try
        {
            return await ConnectAsync(target, slotId, target.Tls.FirstAttempt, cancellationToken);
        }
        catch (Exception e) when (target.Tls.FallsBackAfter(e, cancellationToken))
        {
            return await ConnectAsync(target, slotId, TlsRequirement.Fallback, cancellationToken);
        }
    }

    private async Task<PooledConnection> ConnectAsync(DeliveryTarget target, string? slotId, SecureSocketOptions security, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        var socket = new Socket(target.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var findings = new TlsFindings();
        var client = new DeliverySmtpClient(_options.CommandTimeout, _options.DataTimeout)
        {
            LocalDomain = target.Source?.EhloName ?? _heloName,
            Timeout = (int)_options.CommandTimeout.TotalMilliseconds,
            CheckCertificateRevocation = false, // no CRL or OCSP fetches from delivery workers (RFC 8461 §4.2 asks none)
            ServerCertificateValidationCallback = findings.CallbackFor(target.Tls, target.Host, _trustedCa),
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
            return new PooledConnection(client, target, source, slotId)
            {
                Findings = findings,
                PoolKey = client.IsSecure ? target.Tls.PoolKey(target.Host) : TlsRequirement.PlainPoolKey,
            };
        }
        catch (Exception e)
        {
            var violation = Violation(target, security, client, findings, e, cancellationToken);
            var refused = e is SmtpCommandException && TlsRequirement.IsStartTlsRefusal(security, client);
            client.Dispose();
            socket.Dispose();
            findings.Dispose();
            if (violation is not null)
            {
                throw violation;
            }

            if (refused)
            {
                throw new StartTlsRefusedException(e);
            }

            throw;
        }
    }

    /// <summary>
    /// Under an enforced requirement, a TLS failure while connecting (no STARTTLS offered, STARTTLS refused, a failed
    /// handshake, a certificate the callback refused) as a <see cref="TlsPolicyViolationException"/> naming the TLS
    /// report's result type; null for anything else (a refused connection, a timeout: not the policy's doing).
    /// </summary>
    private static TlsPolicyViolationException? Violation(
        DeliveryTarget target, SecureSocketOptions security, SmtpClient client, TlsFindings findings, Exception e, CancellationToken cancellationToken)
    {
        if (!target.Tls.Enforced || cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        return e switch
        {
            NotSupportedException => new TlsPolicyViolationException(TlsResultTypes.StartTlsNotSupported, "the server does not offer STARTTLS", e),
            SmtpCommandException when TlsRequirement.IsStartTlsRefusal(security, client) =>
                new TlsPolicyViolationException(TlsResultTypes.StartTlsNotSupported, $"STARTTLS was refused: {e.Message}", e),
            SslHandshakeException or System.Security.Authentication.AuthenticationException when target.Tls.Check(findings, target.Host) is { } result =>
                new TlsPolicyViolationException(result, $"the certificate failed the check ({result})", e),
            SslHandshakeException or System.Security.Authentication.AuthenticationException =>
                new TlsPolicyViolationException(TlsResultTypes.ValidationFailure, $"the TLS handshake failed: {e.Message}", e),
            _ => null,
        };
    }

    public void Dispose()
    {
        _trustedCa?.Dispose();
        foreach (var idleList in _destinations.Values.SelectMany(d => d.Idle.Values))
        {
            while (idleList.TryTake(out var idle))
            {
                idle.Dispose();
            }
        }
    }

    private sealed class Destination(int maxConnections)
    {
        public SemaphoreSlim Slots { get; } = new(maxConnections, maxConnections);

        /// <summary>Idle connections per <see cref="TlsRequirement.PoolKey"/> (a handful of keys per address).</summary>
        public ConcurrentDictionary<string, ConcurrentBag<PooledConnection>> Idle { get; } = new(StringComparer.Ordinal);

        public ConcurrentBag<PooledConnection> IdleUnder(string key) => Idle.GetOrAdd(key, _ => []);
    }
}
