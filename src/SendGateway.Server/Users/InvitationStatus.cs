namespace SendGateway.Server.Users;

/// <summary>What asking for a one-time link came to (<see cref="InvitationOutcome"/>).</summary>
public enum InvitationStatus
{
    /// <summary>The link was made, and mailed or to be shown once.</summary>
    Issued,

    /// <summary>The tenant has an account for the address already (409; only the same tenant is looked at).</summary>
    Exists,

    /// <summary>A reset of a user the tenant does not have (404).</summary>
    NotFound,

    /// <summary>The tenant has <see cref="InvitationOptions.MaxOpenPerTenant"/> open links already (429).</summary>
    TooMany,
}
