namespace SendGateway.Client;

/// <summary>Message streams: transactional and broadcast (built in) and the tenant's own, with their defaults.</summary>
public sealed class StreamsClient
{
    private readonly ApiConnection _api;

    internal StreamsClient(ApiConnection api) => _api = api;

    /// <summary>Every stream of the tenant: the two built-in ones first.</summary>
    [ApiOperation("ListStreams", "GET", "/v1/streams")]
    public Task<StreamList> ListAsync(CancellationToken cancellationToken = default) =>
        _api.SendAsync<StreamList>(HttpMethod.Get, "/v1/streams", null, cancellationToken);

    /// <summary>One stream.</summary>
    [ApiOperation("GetStream", "GET", "/v1/streams/{id}")]
    public Task<MessageStream> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<MessageStream>(HttpMethod.Get, Path(id), null, cancellationToken);

    /// <summary>Creates a stream of kind <c>transactional</c> or <c>broadcast</c>.</summary>
    [ApiOperation("CreateStream", "POST", "/v1/streams")]
    public Task<MessageStream> CreateAsync(CreateStreamRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<MessageStream>(HttpMethod.Post, "/v1/streams", request, cancellationToken);

    /// <summary>Changes a stream's name, unsubscribe mode, tracking or pool; what is left out keeps its value.</summary>
    [ApiOperation("UpdateStream", "PATCH", "/v1/streams/{id}")]
    public Task<MessageStream> UpdateAsync(string id, UpdateStreamRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<MessageStream>(HttpMethod.Patch, Path(id), request, cancellationToken);

    /// <summary>Deletes one of the tenant's own streams.</summary>
    [ApiOperation("DeleteStream", "DELETE", "/v1/streams/{id}")]
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, Path(id), null, cancellationToken);

    private static string Path(string id) => $"/v1/streams/{Query.Segment(id)}";
}
