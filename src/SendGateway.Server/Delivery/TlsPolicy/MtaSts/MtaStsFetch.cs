namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>
/// A policy fetch's outcome: the body as served, or the TLS report's result type of the failure
/// (<c>sts-policy-fetch-error</c>, <c>sts-webpki-invalid</c>) and what went wrong.
/// </summary>
internal sealed record MtaStsFetch(string? Text, string? FailureType, string? FailureDetail);
