namespace SendGateway.Server.Streams.Panel;

/// <summary>The Streams page's form for a stream of the tenant's own, turned into the same request as <c>POST /v1/streams</c>.</summary>
internal sealed class NewStreamForm
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string Kind { get; set; } = StreamKinds.Transactional;

    /// <summary><see cref="StreamInput.DefaultUnsubscribe"/>: the default of its kind (sent as none).</summary>
    public string Unsubscribe { get; set; } = StreamInput.DefaultUnsubscribe;

    /// <summary>One of <see cref="StreamTracking"/>'s choices.</summary>
    public string Tracking { get; set; } = StreamTracking.Default;

    /// <summary>Empty: the account's default pool.</summary>
    public string? IpPool { get; set; }

    public CreateStreamRequest ToRequest()
    {
        var (opens, clicks) = StreamTracking.Values(Tracking);
        return new(Id?.Trim(), Name, Kind, Unsubscribe == StreamInput.DefaultUnsubscribe ? null : Unsubscribe, opens, clicks, IpPool);
    }
}
