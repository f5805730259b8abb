namespace SendGateway.Server.Idempotency;

/// <summary>What Redis keeps per (tenant, Idempotency-Key): the request fingerprint and, once done, the response.</summary>
public sealed record IdempotencyRecord(string Fingerprint, bool Done, int Status = 0, string? Body = null, string? ContentType = null);
