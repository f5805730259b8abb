using Microsoft.Extensions.Options;
using SendGateway.Server.Bounces;
using SendGateway.Server.Delivery.Connections;
using SendGateway.Server.Delivery.TlsPolicy.Dane;
using SendGateway.Server.Delivery.TlsPolicy.MtaSts;
using SendGateway.Server.EventContract;
using SendGateway.Server.TlsReports;

namespace SendGateway.Server.Delivery.TlsPolicy;

/// <summary>
/// Decides what each MX host of an attempt asks of TLS, in the order of RFC 8461 §2 and RFC 8689: the host's DANE TLSA
/// records (usable: <see cref="TlsMode.Dane"/>; all unusable: <see cref="TlsMode.Encrypt"/>; a failed lookup: the host is
/// not used now), else the domain's MTA-STS policy (<c>enforce</c>: hosts outside its <c>mx</c> patterns are never
/// contacted, the others need a verified certificate; <c>testing</c>: checked and reported, not enforced), else the
/// message's require-TLS (verified TLS), else opportunistic TLS. <c>TLS-Required: No</c> turns DANE and MTA-STS failures
/// into reports. A static route (the operator's own next hop) gets no DANE or MTA-STS lookup; a require-TLS message
/// over it needs verified TLS to the route host. Each host and the domain are looked up once per attempt (the lookups
/// cache across attempts themselves).
/// </summary>
internal sealed class TlsPolicyResolver(
    IDaneLookup dane, IMtaStsPolicies mtaSts, TlsSessionReports reports, IOptions<DeliveryOptions> options, ILogger<TlsPolicyResolver> logger)
{
    private static readonly TlsRequirement RequireTls = new(TlsMode.Verified, TlsPolicyNames.RequireTls);

    public async Task<TlsPlan> ResolveAsync(string domain, IReadOnlyList<DeliveryTarget> targets, MessageTlsNeeds needs, int attempt, CancellationToken cancellationToken)
    {
        if (options.Value.Routes.ContainsKey(domain) || options.Value.Routes.ContainsKey("*"))
        {
            return new TlsPlan(needs.RequireTls ? [.. targets.Select(t => t with { Tls = RequireTls })] : targets);
        }

        var lookup = new DomainLookup(domain, needs);
        var kept = new List<DeliveryTarget>(targets.Count);
        foreach (var target in targets)
        {
            if (!lookup.ByHost.TryGetValue(target.Host, out var requirement))
            {
                requirement = await ForHostAsync(lookup, target, cancellationToken);
                lookup.ByHost[target.Host] = requirement;
            }

            if (requirement is not null)
            {
                kept.Add(target with { Tls = requirement });
            }
        }

        if (kept.Count > 0 || lookup.DroppedFor is not { } reason)
        {
            return new TlsPlan(kept);
        }

        var text = reason == TlsPolicyNames.Dane
            ? "No MX host usable: the TLSA lookup through the DNSSEC-validating resolvers failed"
            : "No MX host matches the domain's enforced MTA-STS policy";
        return new TlsPlan([], new DeliveryOutcome(EventTypes.SoftBounce, BounceClasses.BadConnection,
            new SmtpDetail(null, "4.7.5", text, null, null, false, attempt) { TlsDetail = new TlsDetail(null, null, reason, false) }, reason));
    }

    /// <summary>The requirement for one host, or null when the host may not be used in this attempt (<see cref="DomainLookup.DroppedFor"/> says why).</summary>
    private async Task<TlsRequirement?> ForHostAsync(DomainLookup lookup, DeliveryTarget target, CancellationToken cancellationToken)
    {
        var (domain, needs, host) = (lookup.Domain, lookup.Needs, target.Host);
        var tlsa = await dane.LookupAsync(host, target.Port, cancellationToken);
        var tlsaPolicy = tlsa.Status == TlsaLookupStatus.None ? TlsReportPolicy.None // the common case: nothing to build
            : new TlsReportPolicy(TlsReportPolicy.Tlsa, [.. tlsa.Records.Select(r => r.ToString())], [host]);
        switch (tlsa.Status)
        {
            case TlsaLookupStatus.Usable:
                return Upgrade(new TlsRequirement(TlsMode.Dane, TlsPolicyNames.Dane, needs.PoliciesWaived, tlsaPolicy, tlsa.Records), needs);
            case TlsaLookupStatus.Unusable:
                return Upgrade(new TlsRequirement(TlsMode.Encrypt, TlsPolicyNames.Dane, needs.PoliciesWaived, tlsaPolicy), needs);
            case TlsaLookupStatus.Failed:
                await reports.RecordAsync(new TlsSessionResult(domain, tlsaPolicy, TlsResultTypes.DnssecInvalid, host, target.Address.ToString(), AdditionalInformation: tlsa.Detail), cancellationToken);
                TlsPolicyLog.DaneLookupFailed(logger, host, domain, tlsa.Detail);
                return needs.PoliciesWaived ? Upgrade(TlsRequirement.Opportunistic, needs) : Dropped(lookup, TlsPolicyNames.Dane);
        }

        if (await StsAsync(lookup, cancellationToken) is not { Mode: not MtaStsMode.None } policy)
        {
            return Upgrade(TlsRequirement.Opportunistic, needs);
        }

        var stsPolicy = new TlsReportPolicy(TlsReportPolicy.Sts, policy.Lines, policy.Mx);
        var enforce = policy.Mode == MtaStsMode.Enforce && !needs.PoliciesWaived;
        if (!policy.AllowsMx(host))
        {
            await reports.RecordAsync(new TlsSessionResult(domain, stsPolicy, TlsResultTypes.ValidationFailure, host, target.Address.ToString(),
                AdditionalInformation: "MX host not listed in the MTA-STS policy"), cancellationToken);
            if (enforce)
            {
                TlsPolicyLog.MxNotInPolicy(logger, host, domain);
                return Dropped(lookup, TlsPolicyNames.MtaSts);
            }
        }

        return Upgrade(new TlsRequirement(TlsMode.Verified, TlsPolicyNames.MtaSts, reportOnly: !enforce, stsPolicy), needs);
    }

    /// <summary>The domain's MTA-STS policy, looked up once per attempt; a policy announced but not fetched is reported (delivery goes on without it).</summary>
    private async Task<MtaStsPolicy?> StsAsync(DomainLookup lookup, CancellationToken cancellationToken)
    {
        if (lookup.Sts is null)
        {
            lookup.Sts = await mtaSts.GetAsync(lookup.Domain, cancellationToken);
            if (lookup.Sts is { Policy: null, FailureType: { } failure })
            {
                await reports.RecordAsync(new TlsSessionResult(lookup.Domain, new TlsReportPolicy(TlsReportPolicy.Sts, [], []), failure,
                    AdditionalInformation: lookup.Sts.FailureDetail), cancellationToken);
            }
        }

        return lookup.Sts.Policy;
    }

    /// <summary>A require-TLS message needs verified TLS where the domain's policy would settle for less (opportunistic, encrypt-only, report-only).</summary>
    private static TlsRequirement Upgrade(TlsRequirement requirement, MessageTlsNeeds needs) =>
        needs.RequireTls && (requirement.ReportOnly || requirement.Mode is TlsMode.Opportunistic or TlsMode.Encrypt)
            ? new TlsRequirement(TlsMode.Verified, TlsPolicyNames.RequireTls, reportPolicy: requirement.ReportPolicy)
            : requirement;

    private static TlsRequirement? Dropped(DomainLookup lookup, string reason)
    {
        lookup.DroppedFor = reason;
        return null;
    }

    private sealed class DomainLookup(string domain, MessageTlsNeeds needs)
    {
        public string Domain { get; } = domain;

        public MessageTlsNeeds Needs { get; } = needs;

        public Dictionary<string, TlsRequirement?> ByHost { get; } = new(StringComparer.OrdinalIgnoreCase);

        public MtaStsLookup? Sts { get; set; }

        public string? DroppedFor { get; set; }
    }
}
