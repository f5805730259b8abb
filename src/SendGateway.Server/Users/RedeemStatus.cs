namespace SendGateway.Server.Users;

/// <summary>What using a one-time link came to (<see cref="InvitationStore.RedeemAsync"/>).</summary>
internal enum RedeemStatus
{
    /// <summary>The account is the person's: password and factor set, the link used.</summary>
    Redeemed,

    /// <summary>The link was used, replaced or expired already: nothing changed.</summary>
    Closed,

    /// <summary>The code does not match the factor being enrolled: nothing changed, the link stays open.</summary>
    WrongCode,

    /// <summary>The account cannot be made or given back (the address signs in elsewhere, or the account was removed): nothing changed.</summary>
    Unavailable,
}
