using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps every log line a factory writes (at the levels its configuration enables), with structured values and exceptions.
/// Scopes are not kept, as the shipped console and OpenTelemetry log exporters do not include them by default: ASP.NET
/// Core's request scope carries the request path, which can hold an address (<c>/v1/suppressions/{email}</c>).
/// </summary>
public sealed class CapturingLoggerProvider(bool includeScopes = false) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines, () => includeScopes ? _scopes : null);

    /// <summary>With <c>includeScopes</c>, each line ends with its scopes' values (as a console with scopes on would show them).</summary>
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines, Func<IExternalScopeProvider?> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => scopes()?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            var scope = string.Empty;
            scopes()?.ForEachScope((s, _) => scope += s is IEnumerable<KeyValuePair<string, object?>> kv ? " scope:" + string.Join(' ', kv.Select(p => $"{p.Key}={p.Value}")) : $" scope:{s}", (object?)null);
            lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {values} {exception}{scope}");
        }
    }
}
