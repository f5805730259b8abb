using System.Text.RegularExpressions;

namespace SendGateway.Server.Templates.Panel;

/// <summary>The engine's positions, <c>(3:14)</c>, as the Templates pages say them: "line 3, column 14".</summary>
internal static partial class ReadableErrors
{
    public static string Of(string message) => Position().Replace(message, "(line $1, column $2)");

    [GeneratedRegex(@"\((\d+):(\d+)\)")]
    private static partial Regex Position();
}
