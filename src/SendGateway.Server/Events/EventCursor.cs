using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace SendGateway.Server.Events;

/// <summary>Opaque list cursor: base64url of "ticks:event id" of the last row returned.</summary>
internal static class EventCursor
{
    public static string Encode(DateTime at, string id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{DateTime.SpecifyKind(at, DateTimeKind.Utc).Ticks.ToString(CultureInfo.InvariantCulture)}:{id}"));

    public static bool TryDecode(string? cursor, out (DateTime At, string Id)? after)
    {
        after = null;
        if (cursor is null)
        {
            return true;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks is > 0 and < 3155378975999999999)
            {
                after = (new DateTime(ticks, DateTimeKind.Utc), text[(colon + 1)..]);
                return true;
            }
        }
        catch (FormatException)
        {
            // Falls through to "invalid".
        }

        return false;
    }
}
