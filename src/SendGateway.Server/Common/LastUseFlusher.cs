using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Common;

/// <summary>
/// "Last used" without a write per request: <see cref="Used"/> notes the time in memory (bounded by
/// <see cref="LastUseOptions.MaxTracked"/>) and the loop writes what was noted every <see cref="LastUseOptions.FlushInterval"/>
/// in one statement, through the store that owns the rows. A failed write is logged and dropped: the next use notes it again.
/// </summary>
internal abstract partial class LastUseFlusher(IOptions<LastUseOptions> options, TimeProvider time, ILogger logger) : BackgroundService
{
    private ConcurrentDictionary<string, DateTime> _noted = new();

    public void Used(string id)
    {
        var noted = _noted;
        if (noted.Count < options.Value.MaxTracked || noted.ContainsKey(id))
        {
            noted[id] = time.GetUtcNow().UtcDateTime;
        }
    }

    /// <summary>Writes the noted times (the later one wins over what is stored).</summary>
    protected abstract Task WriteAsync(string[] ids, DateTime[] times, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.FlushInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5)); // the last round runs after stop was asked
            await FlushAsync(deadline.Token);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var noted = Interlocked.Exchange(ref _noted, new ConcurrentDictionary<string, DateTime>());
        if (noted.IsEmpty)
        {
            return;
        }

        try
        {
            await WriteAsync([.. noted.Keys], [.. noted.Values], cancellationToken);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException)
        {
            WriteFailed(logger, e, noted.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the last use of {Count} keys or credentials failed; their next use notes it again.")]
    private static partial void WriteFailed(ILogger logger, Exception exception, int count);
}
