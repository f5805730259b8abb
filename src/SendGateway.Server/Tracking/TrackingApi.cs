using System.Text;

namespace SendGateway.Server.Tracking;

/// <summary>
/// The public tracking endpoints (api.md §7, no authentication): <c>/t/o/{token}</c> answers a 43-byte GIF and records
/// an <c>open</c>; <c>/t/c/{token}</c> redirects (302) to the link's URL and records a <c>click</c>. <c>HEAD</c> answers
/// the same and records nothing; a token that is not ours unaltered, or
/// comes on another tenant's tracking host, is 404 and records nothing (<see cref="TokenGate"/>). Nothing is recorded
/// either for a repeat within <see cref="TrackingOptions.RepeatWindow"/>, an expired token
/// (<see cref="TrackingOptions.TokenLifetime"/>) or an address over its limit (<see cref="AddressLimits"/>: the pixel
/// answers 429 then, a click still redirects).
/// </summary>
internal static class TrackingApi
{
    /// <summary>A transparent 1×1 GIF, 43 bytes.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    public static IEndpointRouteBuilder MapTrackingApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/t/o/{token}", [HttpMethods.Get, HttpMethods.Head], OpenAsync).ExcludeFromDescription();
        app.MapMethods("/t/c/{token}", [HttpMethods.Get, HttpMethods.Head], ClickAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> OpenAsync(
        string token, HttpContext context, TokenGate gate, AddressLimits limits, TrackingRecorder recorder, CancellationToken cancellationToken)
    {
        if (gate.Read(context, token, TrackingToken.Open) is not { } open)
        {
            return Results.NotFound();
        }

        if (await limits.OverLimitAsync(context, AddressLimits.Hits, cancellationToken) is { } wait)
        {
            context.Response.Headers.RetryAfter = RetryAfter(wait);
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            await recorder.RecordHitAsync(open, context, cancellationToken);
        }

        context.Response.Headers.CacheControl = "no-store, no-cache, must-revalidate, private";
        return Results.File(Pixel, "image/gif");
    }

    /// <summary>Over the address's limit a click still redirects (the person gets where they were going) and records nothing.</summary>
    private static async Task<IResult> ClickAsync(
        string token, HttpContext context, TokenGate gate, AddressLimits limits, TrackingRecorder recorder, CancellationToken cancellationToken)
    {
        if (gate.Read(context, token, TrackingToken.Click) is not { Url: { } url } click)
        {
            return Results.NotFound();
        }

        if (HttpMethods.IsGet(context.Request.Method) && await limits.OverLimitAsync(context, AddressLimits.Hits, cancellationToken) is null)
        {
            await recorder.RecordHitAsync(click, context, cancellationToken);
        }

        context.Response.Headers.CacheControl = "no-store, private";
        context.Response.Headers.Location = AsciiLocation(url);
        return Results.StatusCode(StatusCodes.Status302Found);
    }

    /// <summary>Whole seconds, at least one.</summary>
    public static string RetryAfter(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The URL as written; only characters outside ASCII (not allowed in a header) are percent-encoded as UTF-8.</summary>
    private static string AsciiLocation(string url)
    {
        if (Ascii.IsValid(url) && !url.Any(char.IsControl))
        {
            return url;
        }

        var builder = new StringBuilder(url.Length * 2);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii && !Rune.IsControl(rune))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
