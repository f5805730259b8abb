using SendGateway.Smtp.Protocol;

namespace SendGateway.Sink;

/// <summary>
/// Decides each RCPT by a seeded draw (KumoMTA's advice for a benchmark sink: some temporary and some permanent
/// failures, so the sender's retries and bounces are exercised). A retried recipient is drawn again.
/// </summary>
public sealed class RecipientVerdicts(double temporaryPercent, double permanentPercent, int seed, SinkCounts counts)
{
    public static readonly SmtpReply Temporary = new(451, "4.3.0", "Temporary failure, try again later (sink)");
    public static readonly SmtpReply Permanent = new(550, "5.1.1", "Recipient address rejected: user unknown (sink)");

    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();

    public bool RefusesAny => temporaryPercent > 0 || permanentPercent > 0;

    public SmtpReply Decide()
    {
        if (!RefusesAny)
        {
            return SmtpReplies.RecipientOk;
        }

        double draw;
        lock (_lock)
        {
            draw = _random.NextDouble() * 100;
        }

        if (draw < temporaryPercent)
        {
            counts.CountTemporary();
            return Temporary;
        }

        if (draw < temporaryPercent + permanentPercent)
        {
            counts.CountPermanent();
            return Permanent;
        }

        return SmtpReplies.RecipientOk;
    }
}
