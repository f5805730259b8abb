using Microsoft.Extensions.Configuration.Memory;

namespace SendGateway.Server.Hosting;

/// <summary>
/// The settings the program has whatever folder it is started from: quiet logs (warnings and the service's own
/// significant events; no SQL statements, no line per request) and every host name allowed until an operator names
/// theirs. They sit below every other source, so <c>appsettings.json</c>, environment variables and the command line
/// still override each one; before, they lived only in <c>appsettings.json</c>, which is read from the working
/// folder, so a server started elsewhere logged every request and statement at <c>Information</c>.
/// </summary>
internal static class ProgramDefaults
{
    public static readonly IReadOnlyDictionary<string, string?> Values = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        // Its lines named the environment (Production in a development run) and printed http:// for the SMTP ports:
        // ListeningAnnouncer says what listens where instead.
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        ["Logging:LogLevel:Npgsql"] = "Warning",
        ["AllowedHosts"] = "*",
    };

    public static IConfigurationManager AddProgramDefaults(this IConfigurationManager configuration)
    {
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Values });
        return configuration;
    }
}
