using System.Net;
using SendGateway.Smtp.Protocol;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// One scripted answer of a <see cref="SmartSink"/>: its reply to MAIL FROM from a client connected from
/// <paramref name="Source"/> (null: any), once <paramref name="AfterMessages"/> messages from that address were accepted,
/// at most <paramref name="Times"/> times (null: every time). A 421 closes the session, as a provider's does.
/// </summary>
public sealed record SmartSinkRule(IPAddress? Source, int AfterMessages, SmtpReply Reply, int? Times = null)
{
    /// <summary>Yahoo's per-address deferral, e.g. <c>421 4.7.0 [TSS04] Messages from 127.0.0.3 temporarily deferred…</c>.</summary>
    public static SmartSinkRule Tss04(IPAddress source, int? times = null) =>
        new(source, 0, new SmtpReply(421, "4.7.0", $"[TSS04] Messages from {source} temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes") { ClosesSession = true }, times);

    /// <summary>Gmail's rate reply after <paramref name="afterMessages"/> accepted messages from <paramref name="source"/>.</summary>
    public static SmartSinkRule Rate(IPAddress source, int afterMessages, int? times = null) =>
        new(source, afterMessages, new SmtpReply(421, "4.7.28", "Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.") { ClosesSession = true }, times);
}
