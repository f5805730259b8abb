using Microsoft.Extensions.Options;

namespace SendGateway.Server.Suppressions.Panel;

/// <summary>
/// Lets a form post to the Suppressions page carry a CSV up to <see cref="SuppressionsOptions.MaxImportBytes"/>, as
/// <c>POST /v1/suppressions/import</c> may (Kestrel's default body limit is 30 MB); every other request keeps the default.
/// </summary>
internal sealed class ImportBodyLimit(RequestDelegate next, IOptions<SuppressionsOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/panel/suppressions", StringComparison.OrdinalIgnoreCase))
        {
            RequestBodyLimit.Set(context, options.Value.MaxImportBytes);
        }

        return next(context);
    }
}
