namespace SendGateway.Server.Reputation;

/// <summary>
/// Counts in the window for a tenant or one of its sender domains, and the two rates: complaints (<c>feedback</c>) over
/// delivered (<c>ok</c>), hard bounces (<c>hardbounce</c>) over attempts (<c>ok</c>, <c>softbounce</c>, <c>hardbounce</c>,
/// <c>spambounce</c>; each event once).
/// </summary>
internal sealed record ReputationCounts(long Delivered, long Attempted, long HardBounces, long Complaints)
{
    public const char DeliveredMetric = 'd';
    public const char AttemptedMetric = 'a';
    public const char HardBounceMetric = 'h';
    public const char ComplaintMetric = 'c';

    public static readonly ReputationCounts None = new(0, 0, 0, 0);

    public double ComplaintRate => Delivered == 0 ? 0 : (double)Complaints / Delivered;

    public double HardBounceRate => Attempted == 0 ? 0 : (double)HardBounces / Attempted;

    /// <summary>The metrics an event of <paramref name="type"/> adds one to.</summary>
    public static char[] MetricsOf(string type) => type switch
    {
        EventContract.EventTypes.Ok => [DeliveredMetric, AttemptedMetric],
        EventContract.EventTypes.HardBounce => [AttemptedMetric, HardBounceMetric],
        EventContract.EventTypes.SoftBounce or EventContract.EventTypes.SpamBounce => [AttemptedMetric],
        EventContract.EventTypes.Feedback => [ComplaintMetric],
        _ => [],
    };

    public ReputationCounts Add(char metric, long count) => metric switch
    {
        DeliveredMetric => this with { Delivered = Delivered + count },
        AttemptedMetric => this with { Attempted = Attempted + count },
        HardBounceMetric => this with { HardBounces = HardBounces + count },
        ComplaintMetric => this with { Complaints = Complaints + count },
        _ => this,
    };
}
