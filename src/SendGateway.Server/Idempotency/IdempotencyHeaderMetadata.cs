namespace SendGateway.Server.Idempotency;

/// <summary>Marks endpoints that accept <c>Idempotency-Key</c> (documented in the OpenAPI document as a header parameter).</summary>
internal sealed class IdempotencyHeaderMetadata;
