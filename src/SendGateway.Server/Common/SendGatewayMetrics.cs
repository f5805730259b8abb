using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SendGateway.Server.Common;

/// <summary>The service's own ActivitySource and instruments (style.md C7), exported by OpenTelemetry.</summary>
internal static class SendGatewayMetrics
{
    public const string Name = "SendGateway";

    public static readonly ActivitySource Activities = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Accepted = Meter.CreateCounter<long>("sendgateway.messages.accepted", "{message}", "Envelope recipients accepted into the queue.");

    public static readonly Counter<long> Dropped = Meter.CreateCounter<long>("sendgateway.messages.dropped", "{message}", "Envelope recipients dropped at accept (suppressed, disposable domain).");

    public static readonly Counter<long> RetentionRemoved = Meter.CreateCounter<long>("sendgateway.retention.removed", "{row}", "Rows the retention job deleted.");

    public static readonly Counter<long> WebhookAttempts = Meter.CreateCounter<long>("sendgateway.webhooks.attempts", "{request}", "Webhook POSTs by outcome.");

    public static readonly Counter<long> WebhookCircuitsOpened = Meter.CreateCounter<long>(
        "sendgateway.webhooks.circuits_opened", "{circuit}", "Webhook endpoint circuits opened (again) after Webhooks:BreakerFailures failed attempts in a row (reliability.md T53).");

    public static readonly Counter<long> InboundReports = Meter.CreateCounter<long>("sendgateway.bounces.reports", "{report}", "Asynchronous bounces and complaints recorded, by event type.");

    public static readonly Counter<long> Outcomes = Meter.CreateCounter<long>("sendgateway.delivery.outcomes", "{message}", "Delivery attempt outcomes by event type.");

    public static readonly Histogram<double> AttemptDuration = Meter.CreateHistogram<double>("sendgateway.delivery.attempt.duration", "s", "Duration of one delivery attempt.");

    public static readonly Counter<long> ShapingActionsStarted = Meter.CreateCounter<long>(
        "sendgateway.shaping.actions.started", "{action}", "Shaping actions (throttle, suspend) a provider's reply started, by provider and kind.");

    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("sendgateway.dead_letters", "{entry}", "Queue or event entries moved to the dead-letter streams, by source.");

    public static readonly Counter<long> DeadLettersOverCap = Meter.CreateCounter<long>(
        "sendgateway.dead_letters.over_cap", "{entry}", "Dead letters kept although their shard already held Queue:DeadLetterMaxLength (an alert: nothing is trimmed), by shard.");

    public static readonly Counter<long> EventsIngested = Meter.CreateCounter<long>("sendgateway.events.ingested", "{event}", "Events written to PostgreSQL.");

    public static readonly Counter<long> RelayAuthThrottled = Meter.CreateCounter<long>(
        "sendgateway.relay.auth_throttled", "{attempt}", "Relay logins answered 454 because an address or a username failed too often (reliability.md T11, T12), by limit.");
}
