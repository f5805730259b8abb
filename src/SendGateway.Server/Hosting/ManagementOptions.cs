using System.ComponentModel.DataAnnotations;
using System.Net;

namespace SendGateway.Server.Hosting;

/// <summary>
/// <c>SendGateway:Management</c>: a separate listener for <c>/metrics</c>, <c>/swagger</c> and <c>/openapi</c> (and the
/// health checks). When <see cref="Urls"/> is set those paths are answered there only, never on the public listener.
/// </summary>
public sealed class ManagementOptions : IValidatableObject
{
    public const int MaxUrls = 8;

    /// <summary><c>http://127.0.0.1:9090</c>, several separated by <c>;</c>; each with a port of its own. Empty = served with the API.</summary>
    public string Urls { get; set; } = string.Empty;

    /// <summary>The listener's endpoints (a method, so neither the binder nor the validator reads it before <see cref="Validate"/>).</summary>
    public IReadOnlyList<Uri> Endpoints() =>
        [.. Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => Uri.TryCreate(u, UriKind.Absolute, out var url) ? url : null).OfType<Uri>()];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var entries = Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length > MaxUrls)
        {
            yield return new ValidationResult($"at most {MaxUrls} URLs", [nameof(Urls)]);
        }

        foreach (var entry in entries)
        {
            if (!Uri.TryCreate(entry, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || url.Port is <= 0 or > 65535
                || !(url.Host == "localhost" || IPAddress.TryParse(url.Host.Trim('[', ']'), out _)) || url.AbsolutePath != "/")
            {
                yield return new ValidationResult($"'{entry}' is not http://<IP address or localhost>:<port> (for example http://127.0.0.1:9090)", [nameof(Urls)]);
            }
        }
    }
}
