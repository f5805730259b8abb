using System.Globalization;
using System.Text;

namespace SendGateway.Client;

/// <summary>Builds a path with an escaped query string from the parameters that have a value.</summary>
internal sealed class Query(string path)
{
    private readonly StringBuilder _builder = new(path);
    private bool _first = true;

    public static string Segment(string value) => Uri.EscapeDataString(value);

    public Query Add(string name, string? value)
    {
        if (value is not null)
        {
            _builder.Append(_first ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            _first = false;
        }

        return this;
    }

    public Query Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public Query Add(string name, DateTimeOffset? value) => Add(name, value?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));

    public override string ToString() => _builder.ToString();
}
