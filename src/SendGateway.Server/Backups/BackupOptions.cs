using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Backups;

/// <summary><c>SendGateway:Backup</c>: where <c>backup</c> writes its encrypted archives and how long they are kept.</summary>
public sealed class BackupOptions
{
    [Required]
    public string Directory { get; set; } = "backups";

    /// <summary>Archives older than this many days are deleted after each backup (run <c>backup</c> daily from cron or a timer).</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 14;
}
