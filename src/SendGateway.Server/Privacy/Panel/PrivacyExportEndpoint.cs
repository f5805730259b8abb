using SendGateway.Server.Panel;

namespace SendGateway.Server.Privacy.Panel;

/// <summary>
/// <c>GET /panel/privacy/export?email=</c> for owners: the same JSON as <c>GET /v1/privacy/export</c>, as a download,
/// recorded in the audit log as the same read.
/// </summary>
internal static class PrivacyExportEndpoint
{
    public static IEndpointRouteBuilder MapPanelPrivacyExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/panel/privacy/export", ExportAsync).RequireAuthorization(PanelPolicies.Owner).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExportAsync(string? email, HttpContext context, RecipientExport export, PanelAudit audit, CancellationToken cancellationToken)
    {
        if (await export.ExportAsync(context.User.TenantOf()!, email, cancellationToken) is not { } data)
        {
            return Results.BadRequest();
        }

        await audit.RecordAsync(context.User, AuditActions.ExportPrivacyData, null, context, cancellationToken);
        context.Response.Headers.ContentDisposition = "attachment; filename=\"recipient-export.json\"";
        return TypedResults.Json(data);
    }
}
