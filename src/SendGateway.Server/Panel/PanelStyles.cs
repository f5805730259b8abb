namespace SendGateway.Server.Panel;

/// <summary>The panel's one stylesheet, embedded in the assembly (nothing is fetched from another origin).</summary>
public static class PanelStyles
{
    private static readonly byte[] Css = Load();

    public static IResult Serve(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(Css, "text/css; charset=utf-8");
    }

    private static byte[] Load()
    {
        using var stream = typeof(PanelStyles).Assembly.GetManifestResourceStream("SendGateway.Server.Panel.panel.css")
            ?? throw new InvalidOperationException("Panel/panel.css is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
