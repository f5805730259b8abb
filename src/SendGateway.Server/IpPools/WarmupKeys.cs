using System.Globalization;

namespace SendGateway.Server.IpPools;

/// <summary>
/// Redis keys of the warm-up counters <see cref="SourceSelector"/> keeps and <see cref="WarmupUsage"/> reads:
/// <c>sg:warm:{address}:{provider}:{yyyyMMdd}</c>, one per source address, destination provider and UTC day; the address
/// is the hash tag, so one source's counters share a cluster slot.
/// </summary>
internal static class WarmupKeys
{
    /// <summary>The counter of <paramref name="address"/>'s attempts towards <paramref name="provider"/> on <paramref name="day"/>.</summary>
    public static string Counter(string address, string provider, DateOnly day) => $"{Prefix(address)}{provider}:{Day(day)}";

    /// <summary>A SCAN pattern for <paramref name="address"/>'s counters of <paramref name="day"/>, every provider.</summary>
    public static string DayPattern(string address, DateOnly day) => $"{Prefix(address)}*:{Day(day)}";

    /// <summary>The provider a counter key of <paramref name="address"/> names.</summary>
    public static string ProviderOf(string key, string address) => key[Prefix(address).Length..key.LastIndexOf(':')];

    private static string Prefix(string address) => $"sg:warm:{{{address}}}:";

    private static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
