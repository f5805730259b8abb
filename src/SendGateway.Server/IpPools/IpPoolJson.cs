using System.Text.Json;

namespace SendGateway.Server.IpPools;

internal static class IpPoolJson
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
