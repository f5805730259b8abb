using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Hosting;

/// <summary><c>SendGateway:Docs</c>: the guide the api role serves at <c>/docs</c>, and where problem types point.</summary>
public sealed class DocsOptions : IValidatableObject
{
    /// <summary>The built doc site (<c>make docs</c>); a relative path is taken from the program's folder. Nothing is served at /docs while it does not exist.</summary>
    [Required]
    [StringLength(4096, MinimumLength = 1)]
    public string SiteFolder { get; set; } = "docs";

    /// <summary>The start of every problem's <c>type</c> URI, which ends with the problem's code: an absolute http(s) URI, or a path on this service.</summary>
    [Required]
    [StringLength(2048, MinimumLength = 1)]
    public string ProblemTypeBase { get; set; } = Problems.DefaultTypeBase;

    /// <summary>The site's folder: <see cref="SiteFolder"/> from the program's folder, whatever the working directory.</summary>
    public string SiteFolderPath() => Path.GetFullPath(SiteFolder, AppContext.BaseDirectory);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var absolute = Uri.TryCreate(ProblemTypeBase, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
        var path = ProblemTypeBase.StartsWith('/') && !ProblemTypeBase.StartsWith("//", StringComparison.Ordinal)
            && Uri.TryCreate(ProblemTypeBase, UriKind.Relative, out _);
        if (!absolute && !path)
        {
            yield return new ValidationResult(
                "SendGateway:Docs:ProblemTypeBase must be an absolute http(s) URI or a path starting with one '/', e.g. https://docs.example.com/troubleshooting/problems.html#.",
                [nameof(ProblemTypeBase)]);
        }
    }
}
