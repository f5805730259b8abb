namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>Where in an SMTP conversation a <see cref="MisbehavingMx"/> does its trick.</summary>
public enum MxStep
{
    Greeting,
    Ehlo,
    StartTls,
    Mail,
    Rcpt,
    Data,
    AfterDot,
}
