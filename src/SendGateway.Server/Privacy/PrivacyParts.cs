namespace SendGateway.Server.Privacy;

/// <summary>The operations a folder's privacy steps take part in (<see cref="PrivacySteps.Owners"/>).</summary>
[Flags]
internal enum PrivacyParts
{
    None = 0,
    Erasure = 1,
    Retention = 2,
    TenantDeletion = 4,
}
