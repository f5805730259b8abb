using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SendGateway.Server.TlsReports;

/// <summary>
/// One session's result as the counting script takes it: the policy and the failure detail each hashed to a field key
/// (so each is stored once however many sessions it has) and serialised, every value cut to a bounded length.
/// </summary>
internal sealed record TlsSessionEntry(string PolicyKey, string PolicyJson, string? FailureKey, string? FailureJson)
{
    private const int MaxStrings = 64, MaxStringLength = 512, MaxHostLength = 255, MaxIpLength = 45, MaxInformationLength = 1000;

    public static TlsSessionEntry Of(TlsSessionResult result)
    {
        var policy = new StoredPolicy(
            Cut(result.Policy.Type, 32)!,
            [.. result.Policy.Strings.Take(MaxStrings).Select(s => Cut(s, MaxStringLength)!)],
            [.. result.Policy.MxHosts.Take(MaxStrings).Select(h => Cut(h, MaxHostLength)!)]);
        var policyJson = JsonSerializer.Serialize(policy, TlsReportsJsonContext.Default.StoredPolicy);
        if (result.ResultType is null)
        {
            return new TlsSessionEntry(Hash(policyJson), policyJson, null, null);
        }

        var failure = new StoredFailure(
            Cut(result.ResultType, 64)!, Cut(result.SendingIp, MaxIpLength), Cut(result.MxHost, MaxHostLength), Cut(result.ReceivingIp, MaxIpLength),
            Cut(result.ReceivingMxHelo, MaxHostLength), Cut(result.AdditionalInformation, MaxInformationLength));
        var failureJson = JsonSerializer.Serialize(failure, TlsReportsJsonContext.Default.StoredFailure);
        return new TlsSessionEntry(Hash(policyJson), policyJson, Hash(failureJson), failureJson);
    }

    private static string? Cut(string? value, int length) => value is null ? null : value.Length <= length ? value : value[..length];

    private static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)), 0, 12);
}
