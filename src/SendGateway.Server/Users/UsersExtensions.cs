namespace SendGateway.Server.Users;

public static class UsersExtensions
{
    /// <summary>Panel users: their store, password hashing and account creation (the panel signs them in).</summary>
    public static IHostApplicationBuilder AddUsers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton<PanelPasswords>();
        builder.Services.AddSingleton<UserAccounts>();
        return builder;
    }
}
