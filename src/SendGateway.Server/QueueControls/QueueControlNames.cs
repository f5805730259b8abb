namespace SendGateway.Server.QueueControls;

/// <summary>The actions and scopes of a queue control as the API, the console and the table name them.</summary>
internal static class QueueControlNames
{
    public const string Hold = "hold";
    public const string Bounce = "bounce";
    public const string Rebind = "rebind";

    public const string Tenant = "tenant";
    public const string Domain = "domain";
    public const string Pool = "pool";
    public const string Source = "source";

    public static readonly string[] Actions = [Hold, Bounce, Rebind];
    public static readonly string[] Scopes = [Tenant, Domain, Pool, Source];
}
