using System.Collections.Concurrent;
using DnsClient;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>
/// The MTA-STS policies of recipient domains (RFC 8461): a bounded memory cache in front of the table every node shares.
/// A cached domain answers without network until its next check: its TXT record is read again at most every
/// <see cref="MtaStsOptions.TxtRecheckInterval"/>, and the policy is fetched again when the TXT id changes or
/// <see cref="MtaStsOptions.RefreshAt"/> of its max_age has passed. A failed fetch keeps an unexpired policy; a TXT
/// record that disappears keeps it too (removal is <c>mode: none</c>). One check per domain runs at a time.
/// </summary>
internal sealed class MtaStsPolicies : IMtaStsPolicies, IDisposable
{
    private enum TxtState
    {
        Unknown,
        Absent,
        Announced,
    }

    private readonly MemoryCache _memory;
    private readonly ConcurrentDictionary<string, Lazy<Task<MtaStsLookup>>> _checks = new(StringComparer.Ordinal);
    private readonly MtaStsStore _store;
    private readonly MtaStsHttp _http;
    private readonly LookupClient _dns;
    private readonly MtaStsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MtaStsPolicies> _logger;

    public MtaStsPolicies(MtaStsStore store, MtaStsHttp http, DnsClients dns, IOptions<MtaStsOptions> options, TimeProvider time, ILogger<MtaStsPolicies> logger)
    {
        (_store, _http, _dns, _options, _time, _logger) = (store, http, dns.Uncached, options.Value, time, logger);
        _memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.MemoryCacheSize });
    }

    public async Task<MtaStsLookup> GetAsync(string domain, CancellationToken cancellationToken)
    {
        var key = domain.TrimEnd('.').ToLowerInvariant();
        if (_memory.TryGetValue(key, out MtaStsCacheEntry? entry) && entry!.IsFresh(_time.GetUtcNow()))
        {
            return entry.Answer;
        }

        var check = _checks.GetOrAdd(key, k => new Lazy<Task<MtaStsLookup>>(() => CheckAsync(k)));
        return await check.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Shared by the lookups that wait for it, so none of their cancellations ends it; the fetch has its own time limit.</summary>
    private async Task<MtaStsLookup> CheckAsync(string domain)
    {
        try
        {
            return await RefreshAsync(domain, CancellationToken.None);
        }
        finally
        {
            _checks.TryRemove(domain, out _);
        }
    }

    private async Task<MtaStsLookup> RefreshAsync(string domain, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var loaded = !_memory.TryGetValue(domain, out MtaStsCacheEntry? old);
        if (loaded)
        {
            old = await LoadAsync(domain, now, cancellationToken);
            if (old is not null && now < old.RefreshAt(_options.RefreshAt))
            {
                return Keep(domain, old with { NextCheckAt = Next(now, old) }); // another node's fetch, or ours before a restart
            }
        }

        var (state, id) = await ReadTxtAsync(domain, cancellationToken);
        var usable = old is not null && old.IsUsable(now) ? old : null;
        if (state != TxtState.Announced)
        {
            return usable is not null
                ? Keep(domain, usable with { NextCheckAt = Next(now, usable) })
                : Keep(domain, new MtaStsCacheEntry(null, now, now + _options.TxtRecheckInterval, MtaStsLookup.NoPolicy));
        }

        if (usable is not null && usable.Policy!.Id == id && now < usable.RefreshAt(_options.RefreshAt))
        {
            return Keep(domain, usable with { NextCheckAt = Next(now, usable) });
        }

        if (!loaded && await LoadAsync(domain, now, cancellationToken) is { } shared && shared.Policy!.Id == id && now < shared.RefreshAt(_options.RefreshAt))
        {
            return Keep(domain, shared with { NextCheckAt = Next(now, shared) }); // another node fetched this id already
        }

        return await FetchAsync(domain, id!, usable, now, cancellationToken);
    }

    private async Task<MtaStsLookup> FetchAsync(string domain, string id, MtaStsCacheEntry? usable, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fetch = await _http.FetchAsync(domain, cancellationToken);
        var (policy, invalid) = fetch.Text is { } text ? MtaStsPolicyParser.Parse(text, id, _options) : (null, null);
        if (policy is not null)
        {
            MtaStsLog.Fetched(_logger, domain, id, policy.Mode, (long)policy.MaxAge.TotalSeconds);
            await SaveAsync(domain, () => _store.SaveAsync(domain, policy, now.UtcDateTime, cancellationToken));
            var fetched = new MtaStsCacheEntry(policy, now, now, MtaStsCacheEntry.AnswerFor(policy));
            return Keep(domain, fetched with { NextCheckAt = Next(now, fetched) });
        }

        var failureType = fetch.FailureType ?? TlsReports.TlsResultTypes.StsPolicyInvalid;
        var detail = fetch.FailureDetail ?? $"invalid policy: {invalid}";
        MtaStsLog.FetchFailed(_logger, domain, id, failureType, detail, usable is not null);
        await SaveAsync(domain, () => _store.SaveErrorAsync(domain, $"{failureType}: {detail}", now.UtcDateTime, cancellationToken));
        var retryAt = now + _options.TxtRecheckInterval;
        return usable is not null
            ? Keep(domain, usable with { NextCheckAt = retryAt })
            : Keep(domain, new MtaStsCacheEntry(null, now, retryAt, new MtaStsLookup(null, failureType, detail)));
    }

    /// <summary>The next check of a policy in use: after the TXT re-check interval, or at its refresh point if sooner and still ahead.</summary>
    private DateTimeOffset Next(DateTimeOffset now, MtaStsCacheEntry entry)
    {
        var recheck = now + _options.TxtRecheckInterval;
        var refresh = entry.RefreshAt(_options.RefreshAt);
        return refresh > now && refresh < recheck ? refresh : recheck;
    }

    private MtaStsLookup Keep(string domain, MtaStsCacheEntry entry)
    {
        _memory.Set(domain, entry, new MemoryCacheEntryOptions { Size = 1 });
        return entry.IsUsable(_time.GetUtcNow()) ? MtaStsCacheEntry.AnswerFor(entry.Policy!) : entry.Answer;
    }

    /// <summary>The stored policy while it is unexpired; null when there is none (or the table cannot be read).</summary>
    private async Task<MtaStsCacheEntry?> LoadAsync(string domain, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var row = await _store.GetAsync(domain, cancellationToken);
            if (row?.ToPolicy() is not { } policy || row.FetchedAt is not { } fetchedAt)
            {
                return null;
            }

            var entry = new MtaStsCacheEntry(policy, new DateTimeOffset(DateTime.SpecifyKind(fetchedAt, DateTimeKind.Utc)), now, MtaStsCacheEntry.AnswerFor(policy));
            return entry.IsUsable(now) ? entry : null;
        }
        catch (Npgsql.NpgsqlException e)
        {
            MtaStsLog.StoreFailed(_logger, e, domain);
            return null;
        }
    }

    private async Task SaveAsync(string domain, Func<Task> save)
    {
        try
        {
            await save();
        }
        catch (Npgsql.NpgsqlException e)
        {
            MtaStsLog.StoreFailed(_logger, e, domain);
        }
    }

    private async Task<(TxtState State, string? Id)> ReadTxtAsync(string domain, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _dns.QueryAsync($"_mta-sts.{domain}", QueryType.TXT, cancellationToken: cancellationToken);
            if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
            {
                MtaStsLog.TxtFailed(_logger, null, domain);
                return (TxtState.Unknown, null);
            }

            var id = MtaStsTxt.IdOf(response.Answers.TxtRecords().Select(r => string.Concat(r.Text)));
            return id is null ? (TxtState.Absent, null) : (TxtState.Announced, id);
        }
        catch (DnsResponseException e)
        {
            MtaStsLog.TxtFailed(_logger, e, domain);
            return (TxtState.Unknown, null);
        }
    }

    public void Dispose() => _memory.Dispose();
}
