using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Hosting;

/// <summary>
/// The api role's front pages: <c>/</c> leads to the panel, <c>/docs</c> serves the built guide (<c>make docs</c>) as
/// static files when its folder exists, and problem <c>type</c> URIs point into that guide (<see cref="DocsOptions"/>).
/// </summary>
internal static class DocsSite
{
    public const string RequestPath = "/docs";

    public static IHostApplicationBuilder AddDocsSite(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DocsOptions>("SendGateway:Docs");
        return builder;
    }

    public static WebApplication MapDocsSite(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DocsOptions>>().Value;
        Problems.TypeBase = options.ProblemTypeBase;
        app.MapGet("/", () => TypedResults.Redirect("/panel")).ExcludeFromDescription();
        var folder = options.SiteFolderPath();
        if (Directory.Exists(folder))
        {
            app.UseFileServer(new FileServerOptions
            {
                FileProvider = new PhysicalFileProvider(folder),
                RequestPath = RequestPath,
                EnableDefaultFiles = true, // /docs and /docs/ answer with index.html
                StaticFileOptions = { OnPrepareResponse = file => file.Context.Response.Headers.XContentTypeOptions = "nosniff" },
            });
        }

        return app;
    }
}
