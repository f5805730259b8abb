using System.Text.RegularExpressions;

namespace SendGateway.Server.Streams;

/// <summary>Checks a stream's fields: its id (a slug), name, kind, unsubscribe mode and pool.</summary>
internal static partial class StreamInput
{
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 100;

    /// <summary>The value of <c>unsubscribe</c> that goes back to the default.</summary>
    public const string DefaultUnsubscribe = "default";

    private static readonly string[] UnsubscribeModes =
        [Settings.TenantSettings.UnsubscribeHeader, Settings.TenantSettings.UnsubscribeHeaderAndFooter, Settings.TenantSettings.UnsubscribeOff];

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();

    /// <summary>Whether <paramref name="id"/> could name a stream (what <c>stream</c> and <c>X-SG-Stream</c> accept).</summary>
    public static bool IsId(string? id) => id is { Length: > 0 and <= MaxIdLength } && Slug().IsMatch(id);

    public static void CheckId(string? id, Dictionary<string, string[]> errors)
    {
        if (!IsId(id))
        {
            errors["id"] = [$"Required: 1 to {MaxIdLength} lower-case letters, digits, '-' or '_', starting with a letter or digit."];
        }
    }

    public static void CheckName(string? name, bool required, Dictionary<string, string[]> errors)
    {
        if (name is null ? required : name.Trim().Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            errors["name"] = [$"Required: 1 to {MaxNameLength} characters, no control characters."];
        }
    }

    public static void CheckKind(string? kind, Dictionary<string, string[]> errors)
    {
        if (!StreamKinds.IsKind(kind))
        {
            errors["kind"] = ["Required: transactional or broadcast."];
        }
    }

    public static void CheckUnsubscribe(string? mode, bool allowDefault, Dictionary<string, string[]> errors)
    {
        if (mode is not null && !UnsubscribeModes.Contains(mode) && !(allowDefault && mode == DefaultUnsubscribe))
        {
            errors["unsubscribe"] = [allowDefault ? "One of header, header_and_footer, off or default." : "One of header, header_and_footer or off."];
        }
    }
}
