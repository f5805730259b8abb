using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// One circuit per endpoint, in this process (reliability.md T53). <see cref="WebhooksOptions.BreakerFailures"/> failed
/// attempts in a row (a timeout, a connection or TLS failure, a 5xx) open it: the dispatcher claims none of the
/// endpoint's batches for <see cref="WebhooksOptions.BreakerOpenTime"/>, so they wait unclaimed (order, ids and attempt
/// counts unchanged). Then the next attempt is the one probe (the dispatcher has one request per endpoint in flight): a
/// failure opens the circuit again, any answer that is not a failure closes it. Hand-written rather than a Polly
/// pipeline per endpoint: the dispatcher must know a circuit is open before it leases a batch, not when the send is refused.
/// </summary>
internal sealed class WebhookCircuitBreaker(IOptions<WebhooksOptions> options, TimeProvider time, ILogger<WebhookCircuitBreaker> logger)
{
    private readonly ConcurrentDictionary<string, Circuit> _circuits = new();

    /// <summary>The endpoints whose circuit is open now; circuits whose last failure is older than the retry window are forgotten.</summary>
    public IReadOnlyCollection<string> Open()
    {
        var now = time.GetUtcNow();
        var open = new List<string>();
        foreach (var (id, circuit) in _circuits)
        {
            if (circuit.OpenUntil > now)
            {
                open.Add(id);
            }
            else if (now - circuit.LastFailure > options.Value.MaxRetryAge)
            {
                _circuits.TryRemove(new KeyValuePair<string, Circuit>(id, circuit));
            }
        }

        return open;
    }

    /// <summary>Counts the attempt's outcome for its endpoint (attempts of one endpoint come one after another).</summary>
    public void Record(string webhookId, AttemptResult result)
    {
        if (!IsFailure(result))
        {
            if (result.Error != "blocked_destination" && _circuits.TryRemove(webhookId, out var closed) && closed.Failures >= options.Value.BreakerFailures)
            {
                WebhooksLog.CircuitClosed(logger, webhookId);
            }

            return;
        }

        var now = time.GetUtcNow();
        var o = options.Value;
        var circuit = _circuits.AddOrUpdate(webhookId, _ => new Circuit(1, now, DateTimeOffset.MinValue), (_, c) => c with { Failures = c.Failures + 1, LastFailure = now });
        if (circuit.Failures >= o.BreakerFailures)
        {
            _circuits[webhookId] = circuit with { OpenUntil = now + o.BreakerOpenTime };
            SendGatewayMetrics.WebhookCircuitsOpened.Add(1);
            WebhooksLog.CircuitOpened(logger, webhookId, circuit.Failures, o.BreakerOpenTime);
        }
    }

    /// <summary>The dispatcher disabled the endpoint: a replay or a re-enable that follows starts with a closed circuit.</summary>
    public void Forget(string webhookId) => _circuits.TryRemove(webhookId, out _);

    /// <summary>The endpoint did not answer usefully: no connection, no TLS, no answer in time, or a server error.</summary>
    private static bool IsFailure(AttemptResult result) =>
        result.Error is "timeout" or "connection_failed" or "tls_failed" || result.StatusCode >= 500;

    private sealed record Circuit(int Failures, DateTimeOffset LastFailure, DateTimeOffset OpenUntil);
}
