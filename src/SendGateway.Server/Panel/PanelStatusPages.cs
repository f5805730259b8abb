namespace SendGateway.Server.Panel;

/// <summary>
/// The status code pages (<c>UseStatusCodePages</c>): under <c>/panel</c> the panel's HTML page (<see cref="PanelErrorPage"/>),
/// everywhere else what ASP.NET Core writes by default (problem details, the API's errors).
/// </summary>
internal static class PanelStatusPages
{
    public static void Configure(StatusCodePagesOptions options)
    {
        var otherwise = options.HandleAsync;
        options.HandleAsync = context => PanelErrorPage.Covers(context.HttpContext)
            ? PanelErrorPage.WriteAsync(context.HttpContext, context.HttpContext.RequestAborted)
            : otherwise(context);
    }
}
