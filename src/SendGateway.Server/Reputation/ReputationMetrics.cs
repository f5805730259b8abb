using System.Diagnostics.Metrics;

namespace SendGateway.Server.Reputation;

/// <summary>The guard's instruments, exported with the service's own (<see cref="SendGatewayMetrics.Name"/>).</summary>
internal static class ReputationMetrics
{
    private static readonly Meter Meter = new(SendGatewayMetrics.Name);
    private static int _paused;

    public static readonly ObservableGauge<int> PausedTenants = Meter.CreateObservableGauge(
        "sendgateway.tenants.paused", () => Volatile.Read(ref _paused), "{tenant}", "Tenants paused (reputation guard or operator), as a delivery node last read them: an operator alert when above 0.");

    public static readonly Counter<long> Crossings = Meter.CreateCounter<long>(
        "sendgateway.reputation.crossings", "{crossing}", "Tenants the reputation guard warned or paused, by level.");

    public static void SetPaused(int count) => Volatile.Write(ref _paused, count);
}
