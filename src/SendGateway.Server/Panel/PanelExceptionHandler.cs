using Microsoft.AspNetCore.Diagnostics;

namespace SendGateway.Server.Panel;

/// <summary>
/// A failure under <c>/panel</c> (after <c>UseExceptionHandler</c> logged it and set its status) answers the panel's
/// HTML page (<see cref="PanelErrorPage"/>); anywhere else it is left to the problem details of the API.
/// </summary>
internal sealed class PanelExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!PanelErrorPage.Covers(httpContext))
        {
            return false;
        }

        if (httpContext.Response.StatusCode < 400)
        {
            httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }

        PanelSecurityHeaders.Apply(httpContext); // the handler cleared the response's headers with its body
        await PanelErrorPage.WriteAsync(httpContext, cancellationToken);
        return true;
    }
}
