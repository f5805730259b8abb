using System.Runtime.CompilerServices;

namespace SendGateway.Client;

/// <summary><c>/v1/events</c> and <c>/v1/stats</c>.</summary>
public sealed class EventsClient
{
    private readonly ApiConnection _api;

    internal EventsClient(ApiConnection api) => _api = api;

    /// <summary>One page of events in time order.</summary>
    [ApiOperation("ListEvents", "GET", "/v1/events")]
    public Task<Page<EventView>> ListAsync(EventQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new EventQuery();
        var path = new Query("/v1/events").Add("type", query.Type).Add("recipient", query.Recipient).Add("message_id", query.MessageId)
            .Add("tag", query.Tag).Add("since", query.Since).Add("until", query.Until).Add("limit", query.Limit).Add("cursor", query.Cursor);
        return _api.SendAsync<Page<EventView>>(HttpMethod.Get, path.ToString(), null, cancellationToken);
    }

    /// <summary>Every event that matches, page after page, following the cursor until the last page.</summary>
    public async IAsyncEnumerable<EventView> StreamAsync(EventQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new EventQuery();
        while (true)
        {
            var page = await ListAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Data)
            {
                yield return item;
            }

            if (page.NextCursor is null)
            {
                yield break;
            }

            query = query with { Cursor = page.NextCursor };
        }
    }

    /// <summary>Counts per event type between <paramref name="since"/> and <paramref name="until"/>, grouped by <c>hour</c>, <c>day</c>, <c>tag</c> or <c>domain</c>.</summary>
    [ApiOperation("GetStats", "GET", "/v1/stats")]
    public Task<StatsView> GetStatsAsync(
        DateTimeOffset? since = null, DateTimeOffset? until = null, string? groupBy = null, string? stream = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<StatsView>(
            HttpMethod.Get, new Query("/v1/stats").Add("since", since).Add("until", until).Add("group_by", groupBy).Add("stream", stream).ToString(), null, cancellationToken);
}
