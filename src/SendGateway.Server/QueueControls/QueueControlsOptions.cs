using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.QueueControls;

/// <summary>
/// <c>SendGateway:QueueControls</c>: the operator's queue controls (hold, bounce, rebind), kept in PostgreSQL and held in
/// memory by every node, so a delivery attempt never waits for the store.
/// </summary>
public sealed class QueueControlsOptions
{
    /// <summary>
    /// How often each node reads the controls in effect again: a control created or lifted on another node takes effect
    /// here within this time. While PostgreSQL does not answer, the last set read stays in effect.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many controls are in effect at once; creating one more is refused until one is lifted.</summary>
    [Range(1, 100_000)]
    public int MaxActive { get; set; } = 1000;

    /// <summary>Scheduled entries read per Redis call when a new bounce control makes its matching mail due at once.</summary>
    [Range(10, 100_000)]
    public int PromoteChunk { get; set; } = 1000;

    /// <summary>A control's <c>note</c> is at most this many characters.</summary>
    [Range(1, 10_000)]
    public int MaxNoteLength { get; set; } = 500;
}
