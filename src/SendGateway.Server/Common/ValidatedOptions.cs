using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Common;

/// <summary>
/// Every option object is registered through here: bound to its section, validated with its data annotations (nested
/// objects and lists through <c>[ValidateObjectMembers]</c> / <c>[ValidateEnumeratedItems]</c>) before the host starts.
/// The section is remembered so a failure can name the configuration key (<see cref="StartupFailure"/>).
/// </summary>
internal static class ValidatedOptions
{
    private static readonly ConcurrentDictionary<Type, string> Sections = new();

    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section)
        where T : class
    {
        Sections[typeof(T)] = section;
        // A generic call: the binder's source generator cannot intercept it (SYSLIB1104, off in the project file),
        // so the reflection binder runs, once per options type at start.
        return services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
    }

    /// <summary>The configuration section an options type was registered with, if it was.</summary>
    public static string? SectionOf(Type optionsType) => Sections.GetValueOrDefault(optionsType);
}
