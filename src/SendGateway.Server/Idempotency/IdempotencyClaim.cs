namespace SendGateway.Server.Idempotency;

/// <summary>
/// The claim <see cref="IdempotencyFilter"/> holds for the running request, in its features: an endpoint whose effect is a
/// durable write (a send's queue write) writes the answer with it (<see cref="IdempotencyStore.Prepare"/>, reliability.md T82).
/// </summary>
internal sealed record IdempotencyClaim(string Scope, string Key, string Fingerprint);
