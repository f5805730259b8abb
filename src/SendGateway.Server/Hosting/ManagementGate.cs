using Microsoft.Extensions.Options;

namespace SendGateway.Server.Hosting;

/// <summary>
/// With a management listener (<see cref="ManagementOptions.Urls"/>): <c>/metrics</c>, <c>/swagger</c> and
/// <c>/openapi</c> are 404 on the public listener, and the management listener answers only them and the health checks.
/// Without one, everything is served together as before.
/// </summary>
internal sealed class ManagementGate(RequestDelegate next, IOptions<ManagementOptions> options)
{
    private static readonly string[] ManagementPaths = ["/metrics", "/swagger", "/openapi"];
    private static readonly string[] HealthPaths = ["/healthz", "/readyz"];
    private readonly HashSet<int> _ports = [.. options.Value.Endpoints().Select(u => u.Port)];

    public Task InvokeAsync(HttpContext context)
    {
        if (_ports.Count == 0)
        {
            return next(context);
        }

        var path = context.Request.Path;
        var managementPath = ManagementPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
        var allowed = _ports.Contains(context.Connection.LocalPort)
            ? managementPath || HealthPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            : !managementPath;
        if (allowed)
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
