namespace SendGateway.Server.Idempotency;

internal static class IdempotencyExtensions
{
    /// <summary>The keys' store and options, for the REST filter and the relay.</summary>
    public static IHostApplicationBuilder AddIdempotency(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<IdempotencyOptions>("SendGateway:Idempotency");
        builder.Services.AddSingleton<IdempotencyStore>();
        return builder;
    }

    /// <summary>Makes a creating POST honour <c>Idempotency-Key</c>; pass the body limit when the handler reads the raw body.</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder, long? rawBodyLimit = null) =>
        builder.AddEndpointFilter(new IdempotencyFilter(rawBodyLimit)).ProducesProblem(StatusCodes.Status409Conflict)
            .WithMetadata(new IdempotencyHeaderMetadata());
}
