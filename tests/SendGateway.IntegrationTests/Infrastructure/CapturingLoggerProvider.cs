using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps every log line a factory writes (at the levels its configuration enables), with structured values and exceptions.
/// Scopes are not kept, as the shipped console and OpenTelemetry log exporters do not include them by default: ASP.NET
/// Core's request scope carries the request path, which can hold an address (<c>/v1/suppressions/{email}</c>).
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {values} {exception}");
        }
    }
}
