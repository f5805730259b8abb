using System.Net;
using SendGateway.Server.Messages;

namespace SendGateway.Server.Tracking;

/// <summary>
/// One-click unsubscribe (RFC 8058, api.md §7, public): <c>GET /u/{token}</c> shows a small confirmation page and
/// changes nothing (mail scanners fetch every GET); <c>POST /u/{token}</c> with <c>List-Unsubscribe=One-Click</c> (what
/// mail clients send, and what the page's button sends) records one <c>unsubscribe</c> event, from which the ingester
/// adds a suppression with reason <c>unsubscribe</c> in the token's tenant. Repeating it changes nothing more. Both are
/// limited per client address and refuse an expired link (<see cref="RefusedAsync"/>).
/// </summary>
internal static class UnsubscribeApi
{
    public static IEndpointRouteBuilder MapUnsubscribeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/u/{token}", PageAsync).ExcludeFromDescription();
        app.MapPost("/u/{token}", UnsubscribeAsync).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> PageAsync(
        string token, HttpContext context, TokenGate gate, AddressLimits limits, TrackingRecorder recorder, MessageStore messages, CancellationToken cancellationToken)
    {
        if (gate.Read(context, token, TrackingToken.Unsubscribe) is not { } unsubscribe)
        {
            return Results.NotFound();
        }

        if (await RefusedAsync(context, unsubscribe, limits, recorder, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (await messages.FindForBounceAsync(unsubscribe.MessageId, cancellationToken) is not { } found || found.TenantId != unsubscribe.TenantId)
        {
            return Results.NotFound();
        }

        var address = WebUtility.HtmlEncode(Mask(found.Message.Recipient));
        var sender = WebUtility.HtmlEncode(Addresses.DomainOf(found.Message.From));
        return Page($"""
            <h1>Unsubscribe</h1>
            <p>Stop mail from <strong>{sender}</strong> to <strong>{address}</strong>?</p>
            <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>
            """);
    }

    private static async Task<IResult> UnsubscribeAsync(
        string token, HttpContext context, TokenGate gate, AddressLimits limits, UnsubscribeMarks marks, TrackingRecorder recorder, CancellationToken cancellationToken)
    {
        if (gate.Read(context, token, TrackingToken.Unsubscribe) is not { } unsubscribe)
        {
            return Results.NotFound();
        }

        if (await RefusedAsync(context, unsubscribe, limits, recorder, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (!context.Request.HasFormContentType || context.Request.ContentLength > 4096
            || (await context.Request.ReadFormAsync(cancellationToken))["List-Unsubscribe"] != "One-Click")
        {
            return Results.BadRequest();
        }

        try
        {
            if (await marks.FirstAsync(unsubscribe.MessageId, cancellationToken))
            {
                try
                {
                    await recorder.RecordAsync(unsubscribe, context, cancellationToken);
                }
                catch (Exception e) when (Storage.Outage.IsTransient(e))
                {
                    await marks.ForgetAsync(unsubscribe.MessageId); // if Redis fails here too the mark stays and a retry records nothing (rare: the SET just worked)
                    throw;
                }
            }
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            context.Response.Headers.RetryAfter = "30";
            return Results.Content(Head + "<h1>Please try again</h1><p>We could not record this just now.</p></body></html>", "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return Page("<h1>Unsubscribed</h1><p>You will get no more of this mail.</p>");
    }

    /// <summary>
    /// An address over its limit gets 429 with Retry-After. An expired link (<see cref="TrackingOptions.TokenLifetime"/>)
    /// gets 410 and a page saying so, for the page and the one-click POST alike: nothing is recorded, and a 200 would
    /// tell the person (or their mail client) that they were unsubscribed when they were not. Any newer mail carries a
    /// working link.
    /// </summary>
    private static async Task<IResult?> RefusedAsync(
        HttpContext context, TrackingToken unsubscribe, AddressLimits limits, TrackingRecorder recorder, CancellationToken cancellationToken)
    {
        if (await limits.OverLimitAsync(context, AddressLimits.Unsubscribes, cancellationToken) is { } wait)
        {
            context.Response.Headers.RetryAfter = TrackingApi.RetryAfter(wait);
            return Page("<h1>Please try again later</h1><p>Too many requests came from your network just now.</p>", StatusCodes.Status429TooManyRequests);
        }

        return recorder.IsExpired(unsubscribe)
            ? Page("<h1>This link has expired</h1><p>This unsubscribe link is too old to use. Please use the unsubscribe link in a more recent message from this sender.</p>", StatusCodes.Status410Gone)
            : null;
    }

    /// <summary><c>a***@example.test</c>: enough for the person to recognise, not to read off a shared screen.</summary>
    private static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : $"{address[0]}***{address[at..]}";
    }

    private const string Head =
        """<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><title>Unsubscribe</title><style>body{font-family:sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}button{font-size:1rem;padding:.5rem 1rem}</style></head><body>""";

    private static IResult Page(string body, int statusCode = StatusCodes.Status200OK) => Results.Content(
        Head + body + "</body></html>",
        "text/html; charset=utf-8", statusCode: statusCode);
}
