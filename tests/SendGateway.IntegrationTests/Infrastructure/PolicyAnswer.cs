namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>What <see cref="MtaStsPolicyHost"/> answers for a domain: a status, a Content-Type, a body and extra header lines.</summary>
public sealed record PolicyAnswer(int Status, string ContentType, string Body, string ExtraHeaders = "")
{
    public static PolicyAnswer Policy(string body) => new(200, "text/plain; charset=utf-8", body);
}
