namespace SendGateway.Server.TlsReports;

/// <summary>The result types of a TLS report's failure details (RFC 8460 §4.3).</summary>
internal static class TlsResultTypes
{
    public const string StartTlsNotSupported = "starttls-not-supported";
    public const string CertificateHostMismatch = "certificate-host-mismatch";
    public const string CertificateExpired = "certificate-expired";
    public const string CertificateNotTrusted = "certificate-not-trusted";
    public const string ValidationFailure = "validation-failure";
    public const string TlsaInvalid = "tlsa-invalid";
    public const string DnssecInvalid = "dnssec-invalid";
    public const string DaneRequired = "dane-required";
    public const string StsPolicyFetchError = "sts-policy-fetch-error";
    public const string StsPolicyInvalid = "sts-policy-invalid";
    public const string StsWebPkiInvalid = "sts-webpki-invalid";
}
