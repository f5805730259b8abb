using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SendGateway.Smtp.IO;

namespace SendGateway.Smtp;

/// <summary>
/// The byte pipes a session reads and writes. STARTTLS swaps them for pipes over an SslStream on the same
/// connection (Kestrel's HttpsConnectionMiddleware pattern), so the session code never sees the difference.
/// </summary>
public sealed class SmtpTransport
{
    private readonly Stream _stream;

    private SmtpTransport(Stream stream, bool isSecure)
    {
        _stream = stream;
        IsSecure = isSecure;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; private set; }

    public PipeWriter Output { get; private set; }

    public bool IsSecure { get; private set; }

    public static SmtpTransport FromStream(Stream stream, bool isSecure = false) => new(stream, isSecure);

    public static SmtpTransport FromPipe(IDuplexPipe pipe, bool isSecure = false) => new(new DuplexPipeStream(pipe), isSecure);

    /// <summary>True when the client sent bytes we have not read yet (pipelining where RFC 2920 forbids it).</summary>
    public bool HasBufferedInput()
    {
        if (!Input.TryRead(out var result))
        {
            return false;
        }

        Input.AdvanceTo(result.Buffer.Start);
        return !result.Buffer.IsEmpty;
    }

    /// <summary>Waits up to <paramref name="wait"/> for the client to send anything; true if it did (it spoke out of turn).</summary>
    public async Task<bool> SpeaksWithinAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var read = Input.ReadAsync(cancellationToken).AsTask();
        if (await Task.WhenAny(read, Task.Delay(wait, cancellationToken)).ConfigureAwait(false) != read)
        {
            Input.CancelPendingRead();
        }

        var result = await read.ConfigureAwait(false);
        Input.AdvanceTo(result.Buffer.Start, result.Buffer.Start);
        return !result.IsCanceled && !result.Buffer.IsEmpty;
    }

    /// <summary>Runs the server side of a TLS handshake on the connection and switches the pipes to it.</summary>
    public async Task UpgradeToTlsAsync(X509Certificate2 certificate, TimeSpan handshakeTimeout, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: true);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(handshakeTimeout);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
        }, timeout.Token).ConfigureAwait(false);
        Input = PipeReader.Create(ssl, new StreamPipeReaderOptions(leaveOpen: true));
        Output = PipeWriter.Create(ssl, new StreamPipeWriterOptions(leaveOpen: true));
        IsSecure = true;
    }
}
