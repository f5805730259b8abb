namespace SendGateway.Server.EmailLabs;

/// <summary>A Redis or PostgreSQL outage during an <c>/api/</c> call: 503 with Retry-After in EmailLabs' shape (nothing was done), not a 500.</summary>
internal sealed class EmailLabsOutageFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e) && !context.HttpContext.Response.HasStarted)
        {
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return EmailLabsReply.Fail(context.HttpContext, StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable: nothing was done; retry later.");
        }
    }
}
