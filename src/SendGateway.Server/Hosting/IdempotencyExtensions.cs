namespace SendGateway.Server.Hosting;

public static class IdempotencyExtensions
{
    /// <summary>Makes a creating POST honour <c>Idempotency-Key</c>; pass the body limit when the handler reads the raw body.</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder, long? rawBodyLimit = null) =>
        builder.AddEndpointFilter(new IdempotencyFilter(rawBodyLimit)).ProducesProblem(StatusCodes.Status409Conflict)
            .WithMetadata(new IdempotencyHeaderMetadata());
}
