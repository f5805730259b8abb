namespace SendGateway.Server.Idempotency;

/// <summary>What Redis keeps per (tenant, Idempotency-Key): the request fingerprint and, once done, the response.</summary>
internal sealed record IdempotencyRecord(string Fingerprint, bool Done, int Status = 0, string? Body = null, string? ContentType = null)
{
    /// <summary>
    /// The answer to a request that found this record (the same rule for both fronts): a different fingerprint is
    /// <paramref name="conflict"/>, a first request still running <paramref name="inProgress"/>, else the first answer replayed.
    /// </summary>
    public T Answer<T>(string fingerprint, T conflict, T inProgress, Func<IdempotencyRecord, T> replay) =>
        Fingerprint != fingerprint ? conflict : Done ? replay(this) : inProgress;
}
