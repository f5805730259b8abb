namespace SendGateway.Client;

/// <summary>A webhook request that did not verify; answer it with 400 and do not act on it.</summary>
public sealed class WebhookVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WebhookVerificationException()
    {
    }

    /// <summary>Creates the exception with why.</summary>
    public WebhookVerificationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with why and the cause.</summary>
    public WebhookVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
