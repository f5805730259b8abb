using SendGateway.Server.Panel;
using SendGateway.Server.Users.Panel;

namespace SendGateway.Server.Users;

internal static class UsersExtensions
{
    /// <summary>
    /// Panel users: their store, password hashing, account creation (the panel signs them in; its session check and role policies) and the one-time links of
    /// invitations and resets (mailed through the <see cref="IInvitationMailer"/> that <c>AddSystemMail</c> registers).
    /// </summary>
    public static IHostApplicationBuilder AddUsers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<InvitationOptions>("SendGateway:Invitations");
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton<PanelPasswords>();
        builder.Services.AddSingleton<UserAccounts>();
        builder.Services.AddSingleton<InvitationStore>();
        builder.Services.AddSingleton<Invitations>();
        builder.Services.AddSingleton<IPanelSessionCheck, PanelSessionCheck>();
        builder.Services.AddAuthorizationBuilder().AddPanelRolePolicies();
        return builder;
    }
}
