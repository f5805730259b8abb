using Microsoft.Extensions.Internal;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>A test's <see cref="TimeProvider"/> as the clock <c>IMemoryCache</c> expires its entries by, so moving the clock ages the caches too.</summary>
public sealed class TimeProviderClock(TimeProvider time) : ISystemClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
