using DnsClient;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.TlsReports;

/// <summary>
/// Sends one domain's report of one day, once over all nodes: the node that sets the domain's claim key (SET NX) looks
/// up <c>_smtp._tls.&lt;domain&gt;</c>, builds the report from the counts and sends it to each destination not yet reached.
/// The claim then keeps the outcome for the counts' lifetime (<c>sent</c>, <c>no-record</c>, <c>invalid-record</c>,
/// <c>too-large</c>, <c>failed</c>); after a failed try it is held only for <see cref="TlsReportsOptions.RetryDelay"/>, so
/// any node tries again, up to <see cref="TlsReportsOptions.MaxAttempts"/> tries.
/// </summary>
internal sealed class TlsReportDispatcher(
    IConnectionMultiplexer redis, Common.DnsClients dns, TlsReportMailer mailer, TlsReportPoster poster, IOptions<TlsReportsOptions> options,
    ILogger<TlsReportDispatcher> logger)
{
    private const int MaxTxtRecords = 10;
    private readonly string _node = "claim:" + Guid.NewGuid().ToString("N");

    /// <summary>The domain's outcome for the day when it is settled (here or by another node), null while it may be tried (again).</summary>
    public async Task<string?> RunAsync(DateOnly date, string domain, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var db = redis.GetDatabase();
        var day = TlsReportKeys.Day(date);
        var claim = TlsReportKeys.Claim(day, domain);
        var holdFor = settings.HttpsTimeout * settings.MaxDestinations + TimeSpan.FromMinutes(2);
        if (!await db.StringSetAsync(claim, _node, holdFor, When.NotExists))
        {
            var state = (string?)await db.StringGetAsync(claim);
            if (state is null || state == "retry" || state.StartsWith("claim:", StringComparison.Ordinal))
            {
                return null; // being tried by a node, or waiting for its next try
            }

            TlsReportsLog.SettledElsewhere(logger, domain, day, state);
            return state;
        }

        var outcome = await TryAsync(db, date, day, domain, settings, cancellationToken);
        if (outcome is null)
        {
            var tries = await db.StringIncrementAsync(TlsReportKeys.Tries(day, domain));
            await db.KeyExpireAsync(TlsReportKeys.Tries(day, domain), settings.CountsTtl);
            if (tries < settings.MaxAttempts)
            {
                TlsReportsLog.WillRetry(logger, domain, day, (int)tries);
                await db.StringSetAsync(claim, "retry", settings.RetryDelay);
                return null;
            }

            TlsReportsLog.GivenUp(logger, domain, day, (int)tries);
            outcome = "failed";
        }

        await db.StringSetAsync(claim, outcome, settings.CountsTtl);
        return outcome;
    }

    /// <summary>The settled outcome, or null when a destination could not be reached (or DNS failed) and a retry may help.</summary>
    private async Task<string?> TryAsync(IDatabase db, DateOnly date, string day, string domain, TlsReportsOptions settings, CancellationToken cancellationToken)
    {
        IDnsQueryResponse answer;
        try
        {
            answer = await dns.Uncached.QueryAsync($"_smtp._tls.{domain}", QueryType.TXT, cancellationToken: cancellationToken);
        }
        catch (DnsResponseException e)
        {
            TlsReportsLog.LookupFailed(logger, domain, e);
            return null;
        }

        if (answer.HasError && answer.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
        {
            TlsReportsLog.LookupFailed(logger, domain, new DnsResponseException(answer.ErrorMessage));
            return null;
        }

        var texts = answer.Answers.TxtRecords().Take(MaxTxtRecords).Select(t => string.Concat(t.Text));
        var (record, problem) = TlsRptRecord.Parse(texts, settings.MaxDestinations);
        if (record is null)
        {
            TlsReportsLog.NoRecord(logger, domain, problem!);
            return problem == "none" ? "no-record" : "invalid-record";
        }

        var counts = await TlsReportCounts.ReadAsync(db, day, domain, cancellationToken);
        var submitter = Addresses.DomainOf(Addresses.Normalize(settings.Sender)!);
        var report = TlsReportBuilder.Build(settings.OrganizationName!, settings.ContactInfo!, submitter, domain, date, counts);
        if (report.Gzip.Length > settings.MaxReportBytes)
        {
            TlsReportsLog.TooLarge(logger, domain, report.Gzip.Length);
            return "too-large";
        }

        var reached = TlsReportKeys.Reached(day, domain);
        var all = true;
        foreach (var destination in record.MailTo.Select(m => "mailto:" + m).Concat(record.Https.Select(u => u.AbsoluteUri)))
        {
            if (await db.SetContainsAsync(reached, destination))
            {
                continue;
            }

            var failure = destination.StartsWith("mailto:", StringComparison.Ordinal)
                ? await mailer.SendAsync(report, destination[7..], cancellationToken) ? null : "not queued"
                : await poster.PostAsync(report, new Uri(destination), cancellationToken);
            if (failure is null)
            {
                await db.SetAddAsync(reached, destination);
                await db.KeyExpireAsync(reached, settings.CountsTtl);
                TlsReportsLog.Sent(logger, domain, day, destination.StartsWith("mailto:", StringComparison.Ordinal) ? "mailto" : "https");
            }
            else
            {
                all = false;
                TlsReportsLog.NotSent(logger, domain, day, failure);
            }
        }

        return all ? "sent" : null;
    }
}
