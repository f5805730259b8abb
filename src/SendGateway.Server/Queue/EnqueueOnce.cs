namespace SendGateway.Server.Queue;

/// <summary>A keyed enqueue's marker (<see cref="EnqueueMarker"/>) and the id its keys are named by (<see cref="QueueKeys.Once"/>).</summary>
internal sealed record EnqueueOnce(string Id, EnqueueMarker Marker);
