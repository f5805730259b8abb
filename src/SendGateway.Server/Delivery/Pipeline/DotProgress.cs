using MailKit;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>
/// Watches the message go out during one send: once every byte of it is written, only the final dot and the server's
/// reply remain, so a connection lost from then on may have left a copy with the server (reliability.md §4 window 2,
/// T61: the retry's event says <c>possible_duplicate</c>). MailKit measures the message for this (as it does for SIZE).
/// </summary>
internal sealed class DotProgress : ITransferProgress
{
    public bool WholeMessageWritten { get; private set; }

    public void Report(long bytesTransferred, long totalSize) => WholeMessageWritten |= totalSize >= 0 && bytesTransferred >= totalSize;

    public void Report(long bytesTransferred)
    {
        // Without a size the end cannot be told: the mark is left off (MailKit always measures when given a progress).
    }
}
