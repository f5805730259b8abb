namespace SendGateway.Server.Panel;

/// <summary>The panel's stylesheet, its one script (copy buttons) and its icon, embedded in the assembly: nothing is fetched from another origin.</summary>
internal static class PanelAssets
{
    public const string StylesPath = "/panel/panel.css";
    public const string ScriptPath = "/panel/panel.js";
    public const string IconPath = "/panel/favicon.svg";

    private static readonly byte[] Css = Load("panel.css");
    private static readonly byte[] Js = Load("panel.js");
    private static readonly byte[] Icon = Load("favicon.svg");

    public static IResult ServeStyles(HttpContext context) => Serve(context, Css, "text/css; charset=utf-8");

    public static IResult ServeScript(HttpContext context) => Serve(context, Js, "text/javascript; charset=utf-8");

    public static IResult ServeIcon(HttpContext context) => Serve(context, Icon, "image/svg+xml");

    public static bool IsAsset(PathString path) =>
        path.Equals(StylesPath, StringComparison.Ordinal) || path.Equals(ScriptPath, StringComparison.Ordinal) || path.Equals(IconPath, StringComparison.Ordinal);

    private static IResult Serve(HttpContext context, byte[] body, string contentType)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(body, contentType);
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(PanelAssets).Assembly.GetManifestResourceStream($"SendGateway.Server.Panel.{name}")
            ?? throw new InvalidOperationException($"Panel/{name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
