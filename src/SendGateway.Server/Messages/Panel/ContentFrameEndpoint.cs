using SendGateway.Server.Panel;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Messages.Panel;

/// <summary>
/// <c>GET /panel/messages/{id}/content/html</c> for developers and up: the message's HTML part for the content page's
/// sandboxed frame, audited as a view of content like the page. Served under a policy of its own that runs no script
/// (<c>sandbox</c> without <c>allow-scripts</c>, no <c>script-src</c>), sends no form and loads no remote image: only
/// <c>?images=remote</c> (the page's "Show remote images") lets <c>http:</c> and <c>https:</c> images load, for that
/// answer only. The HTML is served as it is; the policy, not a rewrite, keeps it from reaching out.
/// </summary>
internal static class ContentFrameEndpoint
{
    public const string Policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox";

    public const string RemoteImagesPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox";

    /// <summary>The query value of <c>images</c> that lets remote images load.</summary>
    public const string RemoteImages = "remote";

    public static IEndpointRouteBuilder MapPanelContentFrame(this IEndpointRouteBuilder app)
    {
        app.MapGet("/panel/messages/{id}/content/html", ServeAsync).RequireAuthorization(PanelPolicies.Developer).ExcludeFromDescription();
        return app;
    }

    /// <summary>The frame's address on the content page.</summary>
    public static string PathOf(string messageId, bool remoteImages) =>
        $"/panel/messages/{Uri.EscapeDataString(messageId)}/content/html{(remoteImages ? $"?images={RemoteImages}" : "")}";

    private static async Task<IResult> ServeAsync(
        string id, string? images, HttpContext context, MessageStore messages, MessageContentStore contents, OutboundQueue queue, PanelAudit audit,
        CancellationToken cancellationToken)
    {
        var tenantId = context.User.TenantOf()!;
        if (await messages.GetAsync(tenantId, id, cancellationToken) is not { } message)
        {
            return Results.Text("No such message.", "text/plain", statusCode: StatusCodes.Status404NotFound);
        }

        // Recorded before anything is shown, as on the page: a view that cannot be audited shows nothing.
        await audit.RecordAsync(context.User, AuditActions.ContentViewed, message.Id, context, cancellationToken);
        var html = await HtmlOfAsync(tenantId, message, contents, queue, cancellationToken);
        if (html is null)
        {
            return Results.Text("This message has no HTML part kept.", "text/plain", statusCode: StatusCodes.Status404NotFound);
        }

        context.Response.Headers.ContentSecurityPolicy = images == RemoteImages ? RemoteImagesPolicy : Policy;
        context.Response.Headers.XFrameOptions = "SAMEORIGIN";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>The copy as sent when the tenant keeps one, else the submitted HTML while the message waits in the queue.</summary>
    private static async Task<string?> HtmlOfAsync(
        string tenantId, MessageView message, MessageContentStore contents, OutboundQueue queue, CancellationToken cancellationToken)
    {
        if (await contents.GetAsync(tenantId, message.Id, cancellationToken) is { } mime)
        {
            using var stream = new MemoryStream(mime);
            return (await MimeKit.MimeMessage.LoadAsync(stream, cancellationToken)).HtmlBody;
        }

        return (await queue.GetMessageContentAsync(message.Recipient, message.BatchId, cancellationToken))?.Html;
    }
}
