using Microsoft.Extensions.Options;
using SendGateway.Server.EventContract;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Tracking;

/// <summary>
/// Turns a followed pixel or link into its <c>open</c> or <c>click</c> event on the message's shard stream: one Redis
/// append, no database. The ingester completes it from the message's row. The address and User-Agent give the
/// verdict and are not kept. An open or click that cannot be recorded is let go (the person still gets the page); an
/// unsubscribe is not: the failure is thrown so the caller can say "try again".
/// </summary>
internal sealed class TrackingRecorder(OutboundQueue queue, OpenMarks opens, RepeatedHits repeats, IOptions<TrackingOptions> options, TimeProvider time, ILogger<TrackingRecorder> logger)
{
    /// <summary>Whether the copy was sent longer than <see cref="TrackingOptions.TokenLifetime"/> ago: its links record nothing.</summary>
    public bool IsExpired(TrackingToken token) => time.GetUtcNow() - token.SentAt > options.Value.TokenLifetime;

    /// <summary>
    /// An open or click (a GET): recorded unless its token expired or was already hit within
    /// <see cref="TrackingOptions.RepeatWindow"/> (<see cref="RepeatedHits"/>). Returns whether it was recorded.
    /// </summary>
    public async Task<bool> RecordHitAsync(TrackingToken token, HttpContext context, CancellationToken cancellationToken)
    {
        if (IsExpired(token))
        {
            return false;
        }

        try
        {
            if (!await repeats.FirstAsync(token, cancellationToken))
            {
                return false;
            }
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            TrackingLog.NotRecorded(logger, e.GetType().Name); // the append would fail alike: the answer is still served
            return false;
        }

        await RecordAsync(token, context, cancellationToken);
        return true;
    }

    public async Task RecordAsync(TrackingToken token, HttpContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var unsubscribe = token.Kind == TrackingToken.Unsubscribe;
        var userAgent = context.Request.Headers.UserAgent.ToString();
        var verdict = unsubscribe ? null : await JudgeAsync(token, userAgent, Common.ClientAddress.Of(context), now, cancellationToken);
        var record = new EventRecord
        {
            Id = Ids.New("evt"), Type = TypeOf(token.Kind), Timestamp = now,
            MessageId = token.MessageId, TenantId = token.TenantId, Sequence = token.Sequence, BatchId = string.Empty, Recipient = string.Empty,
            RecipientDomain = string.Empty, From = string.Empty, Url = token.Url, Machine = verdict?.Machine,
            UserAgent = !unsubscribe && token.Has(TrackingToken.StoreUserAgent) && userAgent.Length > 0 ? userAgent[..Math.Min(userAgent.Length, options.Value.MaxUserAgentLength)] : null, MachineReason = verdict?.Reason, Client = verdict?.Client,
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

    /// <summary>
    /// <see cref="ClientVerdicts"/>, then the one rule that needs state: within <see cref="TrackingOptions.ClickBeforeOpenWindow"/>
    /// of delivery an open marks the copy, and a person-looking click on a copy with a pixel and no mark is <c>prefetch</c>.
    /// Without Redis for the mark the verdict stays as the request alone gives it.
    /// </summary>
    private async Task<MachineVerdict> JudgeAsync(TrackingToken token, string userAgent, System.Net.IPAddress? client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var verdict = ClientVerdicts.Judge(token.Kind, userAgent, client, token.SentAt, now, options.Value.PrefetchWindow);
        var left = options.Value.ClickBeforeOpenWindow - (now - token.SentAt);
        if (left <= TimeSpan.Zero)
        {
            return verdict;
        }

        try
        {
            if (token.Kind == TrackingToken.Open)
            {
                await opens.MarkAsync(token.MessageId, left, cancellationToken);
            }
            else if (!verdict.Machine && token.Has(TrackingToken.OpensTracked) && !await opens.WasOpenedAsync(token.MessageId, cancellationToken))
            {
                return new MachineVerdict(true, ClientVerdicts.Prefetch, verdict.Client);
            }
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            TrackingLog.NoOpenMark(logger, e.GetType().Name);
        }

        return verdict;
    }

    private static string TypeOf(char kind) => kind switch
    {
        TrackingToken.Open => EventTypes.Open,
        TrackingToken.Click => EventTypes.Click,
        _ => EventTypes.Unsubscribe,
    };
}
