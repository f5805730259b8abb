using SendGateway.Server.Panel.Shell;

namespace SendGateway.Server.Panel;

internal static class PanelExtensions
{
    /// <summary>The web panel (api.md §7a): server-rendered Razor components, its cookies, policies and throttle.</summary>
    public static IHostApplicationBuilder AddPanel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PanelOptions>("SendGateway:Panel");
        builder.Services.AddRazorComponents();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "sg_panel_af";
            o.Cookie.Path = "/panel";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest; // also Secure when the public address is HTTPS (Hosting/PanelSchemeFromPublicAddress)
        });
        builder.Services.AddAuthentication().AddPanelCookies();
        builder.Services.AddAuthorizationBuilder().AddPanelPolicies();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<PanelAudit>();
        builder.Services.AddExceptionHandler<PanelExceptionHandler>(); // a failure under /panel: the panel's HTML page, not problem details
        builder.Services.Configure<StatusCodePagesOptions>(PanelStatusPages.Configure); // likewise for a 404 or any status with no body
        return builder;
    }

    /// <summary>The panel's pages (every <c>@page</c> under <c>/panel</c> in this assembly), its stylesheet, script and icon (sign-out is Users': <c>MapPanelSignOut</c>).</summary>
    public static WebApplication MapPanel(this WebApplication app)
    {
        app.MapGet(PanelAssets.StylesPath, PanelAssets.ServeStyles).ExcludeFromDescription();
        app.MapGet(PanelAssets.ScriptPath, PanelAssets.ServeScript).ExcludeFromDescription();
        app.MapGet(PanelAssets.IconPath, PanelAssets.ServeIcon).ExcludeFromDescription();
        app.MapRazorComponents<PanelApp>();
        return app;
    }
}
