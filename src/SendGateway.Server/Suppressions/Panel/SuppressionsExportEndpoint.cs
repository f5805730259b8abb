using SendGateway.Server.Panel;

namespace SendGateway.Server.Suppressions.Panel;

/// <summary><c>GET /panel/suppressions/export</c> for developers and up: the CSV of <c>GET /v1/suppressions/export</c>, audited as the same read.</summary>
internal static class SuppressionsExportEndpoint
{
    public static IEndpointRouteBuilder MapPanelSuppressionsExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/panel/suppressions/export", ExportAsync).RequireAuthorization(PanelPolicies.Developer).ExcludeFromDescription();
        return app;
    }

    private static async Task ExportAsync(HttpContext context, SuppressionChanges changes, PanelAudit audit, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(context.User, AuditActions.ExportSuppressions, null, context, cancellationToken);
        await changes.ExportAsync(context, context.User.TenantOf()!, cancellationToken);
    }
}
