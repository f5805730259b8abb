namespace SendGateway.Server.Streams;

/// <summary>
/// A message's stream with its defaults filled in: the stream's own setting, else (unsubscribe) its kind's default when
/// the tenant uses stream defaults or the tenant's <c>unsubscribe</c> setting when it keeps the behaviour from before
/// streams, else (tracking) the tenant's settings.
/// </summary>
internal sealed class StreamDefaults(StreamStore store)
{
    /// <summary>Null when the tenant has no stream <paramref name="id"/> (null id: <see cref="StreamKinds.DefaultStream"/>).</summary>
    public async ValueTask<EffectiveStream?> ResolveAsync(string tenantId, string? id, Settings.TenantSettings settings, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenantId, id ?? StreamKinds.DefaultStream, cancellationToken) is not { } stream)
        {
            return null;
        }

        var unsubscribe = stream.Unsubscribe ?? (settings.StreamDefaults ? StreamKinds.DefaultUnsubscribe(stream.Kind) : settings.Unsubscribe);
        return new EffectiveStream(stream.Id, stream.Kind, unsubscribe, stream.TrackOpens ?? settings.TrackOpens, stream.TrackClicks ?? settings.TrackClicks, stream.IpPool, settings.StreamDefaults);
    }
}
