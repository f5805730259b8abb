using Microsoft.Extensions.Options;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Tracking;

/// <summary>
/// Turns a followed pixel or link into its <c>open</c> or <c>click</c> event on the message's shard stream: one Redis
/// append, no database. The ingester completes it from the message's row. The address and User-Agent give the
/// verdict and are not kept. An open or click that cannot be recorded is let go (the person still gets the page); an
/// unsubscribe is not: the failure is thrown so the caller can say "try again".
/// </summary>
public sealed class TrackingRecorder(OutboundQueue queue, IOptions<TrackingOptions> options, TimeProvider time, ILogger<TrackingRecorder> logger)
{
    private readonly System.Net.IPAddress[] _trusted = [.. options.Value.TrustedProxies.Select(System.Net.IPAddress.Parse)];

    public async Task RecordAsync(TrackingToken token, HttpContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var unsubscribe = token.Kind == TrackingToken.Unsubscribe;
        var verdict = unsubscribe ? null : ClientVerdicts.Judge(
            token.Kind, context.Request.Headers.UserAgent.ToString(), ClientAddress.Of(context, _trusted), token.SentAt, now, options.Value.PrefetchWindow);
        var record = new EventRecord
        {
            Id = Ids.New("evt"), Type = TypeOf(token.Kind), Timestamp = now,
            MessageId = token.MessageId, TenantId = token.TenantId, Sequence = token.Sequence, BatchId = string.Empty, Recipient = string.Empty,
            RecipientDomain = string.Empty, From = string.Empty, Url = token.Url, Machine = verdict?.Machine, MachineReason = verdict?.Reason, Client = verdict?.Client,
        };
        try
        {
            await queue.AppendEventAsync(token.Shard, record, cancellationToken);
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e) && !unsubscribe)
        {
            // The recipient still gets the image or the page; this one open or click is not recorded.
            TrackingLog.NotRecorded(logger, e.GetType().Name);
        }
    }

    private static string TypeOf(char kind) => kind switch
    {
        TrackingToken.Open => EventTypes.Open,
        TrackingToken.Click => EventTypes.Click,
        _ => EventTypes.Unsubscribe,
    };
}
